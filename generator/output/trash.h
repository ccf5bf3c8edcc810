/*
 * trash: removing a tree without waiting for it. The old output that a
 * swap (outdir.h) leaves behind is renamed into a trash folder (the build
 * cache's, beside the output: the same file system) and a detached
 * `rm -rf` (started by a shell that ends at once, so that brief has no
 * child to reap) removes it once brief has nothing left to do but end:
 * the two do not share the cores while brief still works. A removal that
 * a crash cut short is finished by the next one.
 */
#ifndef BRIEF_TRASH_H
#define BRIEF_TRASH_H

/* Moves the tree at path into the folder trash (made if missing): 0, or
 * -1 when it could not (path is then where it was: remove it yourself). */
int trash_move(const char *trash, const char *path);

/* Starts the removal of everything moved into trash, in the background:
 * 0, or -1 when it could not (remove trash yourself). */
int trash_empty(const char *trash);

#endif
