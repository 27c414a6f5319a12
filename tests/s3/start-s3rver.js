// start-s3rver.js: a real S3 implementation on loopback, for the media host
// tests and the prepare benchmark.
//
//   node start-s3rver.js DIRECTORY [PORT] [BUCKET…]
//
// Listens on 127.0.0.1 (PORT 0 or absent: any free port), serves the
// buckets (default "photos") from DIRECTORY and prints "PORT <n>" on stdout
// once it listens. It exits when its stdin closes, so that it never outlives
// the test that started it. Credentials: S3RVER / S3RVER, and
// $S3RVER_ACCESS_KEY / $S3RVER_SECRET_KEY when both are set (so that a test
// can use a secret that appears nowhere else, e.g. to look for it in logs).
//
// @20minutes/s3rver verifies SigV4 (header and query-string signatures); the
// original s3rver 3.x accepts any secret. It declares node >= 24 but runs on
// Node 20 (npm only warns, EBADENGINE).
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict'

const S3rver = require('@20minutes/s3rver/lib/s3rver.js')
const AWSAccount = require('@20minutes/s3rver/lib/models/account.js')

const [directory, port = '0', ...buckets] = process.argv.slice(2)
if (!directory) {
  console.error('usage: node start-s3rver.js DIRECTORY [PORT] [BUCKET…]')
  process.exit(2)
}

const { S3RVER_ACCESS_KEY: accessKey, S3RVER_SECRET_KEY: secretKey } = process.env
if (accessKey && secretKey) {
  AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKey, secretKey)
}

const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: !process.env.VITRINE_S3RVER_VERBOSE,
  configureBuckets: (buckets.length ? buckets : ['photos']).map((name) => ({ name })),
})

server.run().then(
  (address) => {
    process.stdout.write(`PORT ${address.port}\n`)
  },
  (err) => {
    console.error(`s3rver: ${err.message}`)
    process.exit(1)
  }
)

process.stdin.on('end', () => process.exit(0))
process.stdin.on('error', () => process.exit(0))
process.stdin.resume()
