/* vitrine-photo-keep.h: a job's own copy of the photos the document portal lent it
 *
 * Inside the Flatpak a photo dropped from the file manager reaches Vitrine
 * as $XDG_RUNTIME_DIR/doc/<id>/<name>, the document portal's mount. Files
 * that come through the FileTransfer portal (drag and drop) are exported
 * only while the app runs: after a restart, or a reboot, the path may no
 * longer answer, and an unfinished job could not read its photos again.
 * So when a job is added to the store, each of its photos under that mount
 * is copied (in a worker thread) to
 * g_get_user_data_dir()/vitrine/photos/<job-id>/<NN>-<name> and the job's
 * photo path replaced by the copy's; the copies go with the job when it is
 * removed. Photos elsewhere stay where they are: the agent's own folders
 * (outside the sandbox, or given to vitrine-cli) do not vanish on a restart.
 *
 * It lives in core, beside the job store that calls it (layers only point
 * down), and knows nothing of images: it copies files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vitrine-job.h"

G_BEGIN_DECLS

/* g_get_user_data_dir()/vitrine/photos/@job_id (not created). */
char     *vitrine_photo_keep_dup_dir      (const char           *job_id);
/* Whether some photo of @job needs a copy of its own: one under the
 * document portal's mount, or one kept for another job (a Retry copies its
 * job's photos, which go when that job is removed). */
gboolean  vitrine_photo_keep_needed       (VitrineJob           *job);

/* Copies the photos vitrine_photo_keep_needed() speaks of into @job's own
 * folder, then, back on the caller's main context, puts each copy's path in
 * place of the photo it copies (same index: captions, crop offsets and
 * sources, kept by index, still match). A photo that changed meanwhile, or
 * that could not be copied, keeps its path; the first such error is
 * returned by the finish, the other photos replaced all the same. */
void      vitrine_photo_keep_async        (VitrineJob           *job,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean  vitrine_photo_keep_finish       (VitrineJob           *job,
                                           GAsyncResult         *result,
                                           GError              **error);

/* Deletes the folder of @job_id's copies (nothing when there is none), in
 * a worker thread; nothing waits for it. */
void      vitrine_photo_keep_delete       (const char           *job_id);

G_END_DECLS
