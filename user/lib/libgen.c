// basename and dirname, by POSIX's rules.
#include <libgen.h>
#include <string.h>

// Cuts the slashes at the end of path, keeping a lone "/"; returns its length.
static size_t
trim_slashes(char *path)
{
  size_t len = strlen(path);

  while (len > 1 && path[len - 1] == '/')
    path[--len] = 0;
  return len;
}

char *
basename(char *path)
{
  char *slash;

  if (!path || !*path)
    return ".";
  trim_slashes(path);
  slash = strrchr(path, '/');
  // No slash, or only the root's: the path itself.
  if (!slash || slash[1] == 0)
    return path;
  return slash + 1;
}

char *
dirname(char *path)
{
  size_t len;

  if (!path || !*path)
    return ".";
  len = trim_slashes(path);
  while (len > 0 && path[len - 1] != '/')   // the last component
    len--;
  if (len == 0)
    return ".";
  while (len > 1 && path[len - 1] == '/')   // the slashes before it
    len--;
  path[len] = 0;
  return path;
}
