#include "trash.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"

extern char **environ;

#define TRASH_PREFIX "old-"

/* The argument list of a shell that starts `rm -rf -- ...` in the
 * background and ends: every TRASH_PREFIX entry of trash (the one just
 * moved there among them). Heap; NULL-terminated. */
static char **
rm_args(const char *trash)
{
	size_t n = 4, cap = 8;
	char **argv = xcalloc(cap, sizeof(*argv));
	argv[0] = xstrdup("sh"), argv[1] = xstrdup("-c");
	argv[2] = xstrdup("/bin/rm -rf -- \"$@\" &"), argv[3] = xstrdup("sh");
	DIR *dir = opendir(trash);
	for (struct dirent *de; dir != NULL && (de = readdir(dir)) != NULL;) {
		if (strncmp(de->d_name, TRASH_PREFIX, strlen(TRASH_PREFIX)) != 0)
			continue;
		if (n + 2 > cap) {
			if (cap > SIZE_MAX / 2 / sizeof(*argv))
				abort(); /* as the x* allocators do when memory runs out */
			cap *= 2;
			argv = xrealloc(argv, cap * sizeof(*argv));
		}
		struct buf path = BUF_INIT;
		buf_printf(&path, "%s/%s", trash, de->d_name);
		argv[n++] = buf_detach(&path);
	}
	if (dir != NULL)
		closedir(dir);
	argv[n] = NULL;
	return argv;
}

int
trash_move(const char *trash, const char *path)
{
	if (mkdir(trash, 0777) != 0 && errno != EEXIST)
		return -1;
	struct buf to = BUF_INIT;
	buf_printf(&to, "%s/" TRASH_PREFIX "XXXXXX", trash);
	/* An empty folder of a name of its own, which rename(2) replaces. */
	int status = -1;
	if (mkdtemp(to.ptr) != NULL) {
		status = rename(path, to.ptr);
		if (status != 0)
			rmdir(to.ptr);
	}
	buf_free(&to);
	return status;
}

int
trash_empty(const char *trash)
{
	char **argv = rm_args(trash);
	/* Its output goes nowhere: whoever reads brief's need not wait for it. */
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	for (int fd = 0; fd < 3; fd++)
		posix_spawn_file_actions_addopen(&fa, fd, "/dev/null", fd ? O_WRONLY : O_RDONLY, 0);
	/* The shell ends at once (reaped here); rm, its child, is left to
	 * init: brief ends long before it, and need not reap it. */
	int wstatus = 0;
	pid_t pid, got = -1;
	/* By path, not through PATH: whatever a user's PATH finds first
	 * under the name sh or rm is not trusted with rm -rf. */
	if (argv[4] == NULL)
		got = pid = 0; /* nothing to remove */
	else if (posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ) == 0)
		do
			got = waitpid(pid, &wstatus, 0);
		while (got < 0 && errno == EINTR);
	posix_spawn_file_actions_destroy(&fa);
	for (char **a = argv; *a != NULL; a++)
		free(*a);
	free(argv);
	return got == pid && WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0 ? 0 : -1;
}
