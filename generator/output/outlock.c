#include "outlock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"

/* "PARENT/.NAME.brief-lock", or ".NAME.brief-lock" in the working folder. */
static void
lock_path(const char *output, struct buf *parent, struct buf *path)
{
	struct buf base = BUF_INIT;
	fsutil_split(output, parent, &base);
	if (strcmp(parent->ptr, ".") != 0)
		buf_printf(path, "%s%s", parent->ptr,
		           parent->ptr[parent->len - 1] == '/' ? "" : "/");
	buf_printf(path, ".%s%s", base.ptr, OUTLOCK_SUFFIX);
	buf_free(&base);
}

/* Blocks until fd's lock is ours, after saying why the build stands still. */
static int
wait_for(struct diag *d, int fd, const char *output, const char *path)
{
	fprintf(stderr, "brief: another build is writing '%s' (lock %s): waiting\n", output, path);
	fflush(stderr);
	int rc;
	while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
		continue;
	if (rc != 0)
		diag_syserr(d, path, "cannot lock");
	return rc;
}

int
outlock_take(struct diag *d, const char *output, bool wait, struct outlock *lock)
{
	struct buf parent = BUF_INIT, path = BUF_INIT;
	int status = -1, fd = -1;
	lock->fd = -1;
	lock->path = NULL;
	lock_path(output, &parent, &path);
	if (mkdir(parent.ptr, 0777) != 0 && errno != EEXIST) {
		diag_syserr(d, parent.ptr, "cannot create folder");
		goto out;
	}
	fd = open(path.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		diag_syserr(d, path.ptr, "cannot open the lock file");
		goto out;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK) {
			diag_syserr(d, path.ptr, "cannot lock");
			goto out;
		}
		if (!wait) {
			diag_error(d, diag_file(output),
			           "another build is writing this folder (lock %s): not waiting "
			           "(--no-wait)",
			           path.ptr);
			goto out;
		}
		if (wait_for(d, fd, output, path.ptr) != 0)
			goto out;
	}
	lock->fd = fd;
	lock->path = buf_detach(&path);
	fd = -1;
	status = 0;
out:
	if (fd >= 0)
		close(fd);
	buf_free(&parent);
	buf_free(&path);
	return status;
}

void
outlock_release(struct outlock *lock)
{
	if (lock->fd >= 0) {
		/* Unlock first: forked workers may still share the descriptor. */
		flock(lock->fd, LOCK_UN);
		close(lock->fd);
	}
	free(lock->path);
	lock->fd = -1;
	lock->path = NULL;
}
