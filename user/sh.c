// sh: the shell.
//
//   sh              read commands from standard input, prompting "$ "
//   sh -c CMDS      run CMDS
//   sh SCRIPT       run the lines of SCRIPT
//
// A line is pipelines separated by ';' (run in turn) or ending in '&' (not
// waited for).  A pipeline is commands joined by '|'; each command is words
// with redirections '< file', '> file', '>> file', each optionally preceded
// by a descriptor digit ('2> file'), and '>&N' ('2>&1'), applied left to
// right after the pipe connections.  Words may be quoted
// with '...' (literal) or "..." (where \" \\ \$ escape and $? expands);
// outside quotes a backslash escapes one character and $? expands to the
// exit status of the last pipeline.  '#' starts a comment.  Builtins: cd,
// exit, fg.  A name without '/' is looked up in $PATH, by default /bin.
//
// Job control, when reading commands from the console: each pipeline runs
// in a process group of its own, and a foreground one is made the
// console's foreground group, so ^C (SIGINT), ^\ (SIGQUIT) and ^Z
// (SIGTSTP) reach the job and not the shell.  The shell takes the console
// back when the job ends or stops; `fg` continues the last stopped job.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXLINE 1024
#define MAXTOKENS 256
#define MAXARGS 64
#define MAXCMDS 16
#define MAXREDIRS 8

enum { T_WORD, T_PIPE, T_REDIR, T_SEMI, T_AMP, T_END };

// A redirection: descriptor fd becomes the file path opened with flags,
// or, when path is 0, a copy of descriptor dupfd.
struct redir {
  int fd;
  int flags;
  int dupfd;
  char *path;
};

struct token {
  int type;
  char *word;           // T_WORD
  struct redir redir;   // T_REDIR, its path still to come from a word
};

struct cmd {
  char *argv[MAXARGS + 1];
  int argc;
  struct redir redirs[MAXREDIRS];
  int nredirs;
};

struct pipeline {
  struct cmd cmds[MAXCMDS];
  int ncmds;
  int background;
};

static int last_status;

// Job control state: on only for an interactive shell on a terminal.
static int job_control;
static pid_t shell_pgrp;
static struct job {
  pid_t pgid;                 // 0: none
  pid_t pids[MAXCMDS];
  int n;                      // its processes not yet reaped
} stopped;                    // the last job ^Z stopped, for fg

// ---- lexing ----------------------------------------------------------------

// The words of one line are copied, quotes removed, into pool.
struct lexer {
  const char *s;
  char *pool, *pool_end;
  const char *error;    // set on the first problem
};

static void
emit_char(struct lexer *lx, char c)
{
  if (lx->pool < lx->pool_end)
    *lx->pool++ = c;
  else
    lx->error = "line too long";
}

static void
emit_status(struct lexer *lx)
{
  char num[16];

  snprintf(num, sizeof(num), "%d", last_status);
  for (char *p = num; *p; p++)
    emit_char(lx, *p);
}

// Inside "...": only \" \\ \$ are escapes, and $? expands.
static void
lex_double_quoted(struct lexer *lx)
{
  const char *s = lx->s + 1;

  for (; *s && *s != '"'; s++) {
    if (*s == '\\' && s[1] && strchr("\"\\$", s[1]))
      emit_char(lx, *++s);
    else if (*s == '$' && s[1] == '?') {
      emit_status(lx);
      s++;
    } else
      emit_char(lx, *s);
  }
  if (*s == 0)
    lx->error = "unterminated \"";
  lx->s = *s ? s + 1 : s;
}

static char *
lex_word(struct lexer *lx)
{
  char *word = lx->pool;
  const char *end;

  while (*lx->s && !strchr(" \t\r\n;&|<>", *lx->s) && !lx->error) {
    const char *s = lx->s;
    if (*s == '\'') {
      end = strchr(s + 1, '\'');
      if (!end) {
        lx->error = "unterminated '";
        break;
      }
      while (++s < end)
        emit_char(lx, *s);
      lx->s = end + 1;
    } else if (*s == '"') {
      lex_double_quoted(lx);
    } else if (*s == '\\' && s[1]) {
      emit_char(lx, s[1]);
      lx->s += 2;
    } else if (*s == '$' && s[1] == '?') {
      emit_status(lx);
      lx->s += 2;
    } else {
      emit_char(lx, *s);
      lx->s++;
    }
  }
  emit_char(lx, 0);
  return word;
}

// Lexes a redirection operator at s: [digit] then <, >, >> or >&digit.
// Returns its length, or 0 when s does not start one.
static int
lex_redir(const char *s, struct redir *r)
{
  const char *p = s;

  r->fd = -1;
  if (*p >= '0' && *p <= '9' && (p[1] == '<' || p[1] == '>'))
    r->fd = *p++ - '0';
  if (*p != '<' && *p != '>')
    return 0;
  r->path = 0;
  r->dupfd = -1;
  if (*p == '<') {
    r->flags = O_RDONLY;
    if (r->fd < 0)
      r->fd = 0;
    return p + 1 - s;
  }
  if (r->fd < 0)
    r->fd = 1;
  r->flags = O_WRONLY | O_CREAT | O_TRUNC;
  if (p[1] == '>') {
    r->flags = O_WRONLY | O_CREAT | O_APPEND;
    p++;
  } else if (p[1] == '&' && p[2] >= '0' && p[2] <= '9') {
    r->dupfd = p[2] - '0';
    p += 2;
  }
  return p + 1 - s;
}

// Splits the next pipeline of the line into tokens, up to and including
// the ';', '&' or end of line that finishes it.  Returns 0, or -1 after
// reporting an error.  Going one pipeline at a time lets $? see the status
// of the pipeline before it.
static int
tokenize(struct lexer *lx, struct token *toks)
{
  for (int n = 0; !lx->error; n++) {
    struct token *t = &toks[n];
    const char *s;

    lx->s += strspn(lx->s, " \t\r");
    s = lx->s;
    if (n == MAXTOKENS - 1) {
      lx->error = "too many words";
      break;
    }
    if (*s == 0 || *s == '#') {
      t->type = T_END;
      return 0;
    }
    int len = lex_redir(s, &t->redir);
    if (len > 0) {
      t->type = T_REDIR;
      lx->s += len;
    } else if (*s == '|') {
      t->type = T_PIPE;
      lx->s++;
    } else if (*s == ';' || *s == '\n' || *s == '&') {
      t->type = (*s == '&') ? T_AMP : T_SEMI;
      lx->s++;
      return 0;
    } else {
      t->type = T_WORD;
      t->word = lex_word(lx);
    }
  }
  fprintf(stderr, "sh: %s\n", lx->error);
  return -1;
}

// ---- parsing ---------------------------------------------------------------

static int
syntax_error(const char *what)
{
  fprintf(stderr, "sh: syntax error near %s\n", what);
  return -1;
}

// Fills pl from the tokens of one pipeline.  Returns the type of the
// token that ends it (T_SEMI, T_AMP or T_END), or -1 on a syntax error.
static int
parse_pipeline(struct token *t, struct pipeline *pl)
{
  struct cmd *c = &pl->cmds[0];

  memset(pl, 0, sizeof(*pl));
  pl->ncmds = 1;
  for (;; t++) {
    switch (t->type) {
    case T_WORD:
      if (c->argc == MAXARGS)
        return syntax_error("(too many arguments)");
      c->argv[c->argc++] = t->word;
      break;
    case T_REDIR:
      if (c->nredirs == MAXREDIRS)
        return syntax_error("(too many redirections)");
      c->redirs[c->nredirs] = t->redir;
      if (t->redir.dupfd < 0) {
        if (t[1].type != T_WORD)
          return syntax_error(t->redir.flags == O_RDONLY ? "<" : ">");
        c->redirs[c->nredirs].path = (++t)->word;
      }
      c->nredirs++;
      break;
    case T_PIPE:
      if ((c->argc == 0 && c->nredirs == 0) || pl->ncmds == MAXCMDS)
        return syntax_error("|");
      c = &pl->cmds[pl->ncmds++];
      break;
    default:            // ';' '&' or the end of the line
      if (pl->ncmds > 1 && c->argc == 0 && c->nredirs == 0)
        return syntax_error("|");
      pl->background = (t->type == T_AMP);
      return t->type;
    }
  }
}

// ---- running ---------------------------------------------------------------

static void wait_job(struct job *j);

// fg: the stopped job runs again, in the foreground.
static void
foreground_stopped_job(void)
{
  struct job j = stopped;

  if (!j.pgid) {
    fprintf(stderr, "sh: fg: no stopped job\n");
    last_status = 1;
    return;
  }
  stopped.pgid = 0;
  tcsetpgrp(0, j.pgid);
  kill(-j.pgid, SIGCONT);
  wait_job(&j);
}

// cd, exit and fg change the shell itself, so they run in it.  Returns 1
// when argv was a builtin.
static int
builtin(struct cmd *c)
{
  const char *dir;

  if (c->argc == 0)
    return 0;
  if (strcmp(c->argv[0], "fg") == 0 && job_control) {
    foreground_stopped_job();
    return 1;
  }
  if (strcmp(c->argv[0], "exit") == 0) {
    exit(c->argc > 1 ? atoi(c->argv[1]) : last_status);
  }
  if (strcmp(c->argv[0], "cd") == 0) {
    dir = c->argc > 1 ? c->argv[1] : getenv("HOME");
    if (!dir)
      dir = "/";
    last_status = 0;
    if (chdir(dir) < 0) {
      fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
      last_status = 1;
    }
    return 1;
  }
  return 0;
}

// Makes the descriptor r->fd what r says, or exits the child.
static void
redirect(struct redir *r)
{
  int f = r->dupfd;

  if (r->path && (f = open(r->path, r->flags, 0666)) < 0) {
    fprintf(stderr, "sh: %s: %s\n", r->path, strerror(errno));
    exit(1);
  }
  if (f != r->fd && dup2(f, r->fd) < 0) {
    fprintf(stderr, "sh: %d: %s\n", f, strerror(errno));
    exit(1);
  }
  if (r->path && f != r->fd)
    close(f);
}

// In the child: the explicit redirections take precedence over the pipe.
static void
run_child(struct cmd *c)
{
  for (int i = 0; i < c->nredirs; i++)
    redirect(&c->redirs[i]);
  if (c->argc == 0)
    exit(0);
  if (builtin(c))
    exit(last_status);
  execvp(c->argv[0], c->argv);
  if (errno == ENOENT) {
    fprintf(stderr, "sh: %s: not found\n", c->argv[0]);
    exit(127);
  }
  fprintf(stderr, "sh: %s: %s\n", c->argv[0], strerror(errno));
  exit(126);
}

static int
exit_code(int status)
{
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  if (WIFSTOPPED(status))
    return 128 + WSTOPSIG(status);
  return WEXITSTATUS(status);
}

// Wait for the job's processes (the last one's status is the job's).  A
// stopped job is kept for fg.  The shell then takes the console back.
static void
wait_job(struct job *j)
{
  int status, last = j->pids[j->n - 1];

  for (int i = 0; i < j->n; i++) {
    if (waitpid(j->pids[i], &status, job_control ? WUNTRACED : 0) != j->pids[i])
      continue;
    if (j->pids[i] == last)
      last_status = exit_code(status);
    if (WIFSTOPPED(status)) {
      stopped = *j;
      fprintf(stderr, "\nsh: job %d stopped (fg continues it)\n", j->pgid);
      break;
    }
  }
  if (job_control)
    tcsetpgrp(0, shell_pgrp);
}

// In a child about to run a command of the job whose group is pgid (0: a
// new one): join it, and undo what the shell ignores for itself.
static void
child_job_control(pid_t pgid)
{
  if (!job_control)
    return;
  setpgid(0, pgid);
  signal(SIGQUIT, SIG_DFL);
  signal(SIGTSTP, SIG_DFL);
  signal(SIGTTOU, SIG_DFL);
}

// Starts every command of the pipeline, each reading the previous one's
// pipe, and waits for them unless it runs in the background.
static void
run_pipeline(struct pipeline *pl)
{
  struct job j = { 0 };
  pid_t *pids = j.pids;
  int i, prev = -1, started = 0, fds[2];

  if (pl->ncmds == 1 && !pl->background && builtin(&pl->cmds[0]))
    return;
  fflush(stdout);
  for (i = 0; i < pl->ncmds; i++) {
    int last = (i == pl->ncmds - 1);
    if (!last && pipe(fds) < 0) {
      perror("sh: pipe");
      if (prev >= 0)
        close(prev);
      break;
    }
    pids[i] = fork();
    if (pids[i] == 0) {
      child_job_control(j.pgid);
      if (prev >= 0) {
        dup2(prev, 0);
        close(prev);
      }
      if (!last) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
      }
      run_child(&pl->cmds[i]);
    }
    if (prev >= 0)
      close(prev);
    if (!last) {
      close(fds[1]);
      prev = fds[0];
    }
    if (pids[i] < 0) {
      perror("sh: fork");
      if (!last)
        close(prev);
      break;
    }
    if (job_control) {
      // Here as well as in the child: whichever runs first, the group
      // exists before anyone relies on it.
      j.pgid = j.pgid ? j.pgid : pids[i];
      setpgid(pids[i], j.pgid);
      if (i == 0 && !pl->background)
        tcsetpgrp(0, j.pgid);
    }
    started++;
  }
  last_status = started == pl->ncmds ? 0 : 1;
  j.n = started;
  if (started == 0 || pl->background) {
    if (job_control)
      tcsetpgrp(0, shell_pgrp);
    return;
  }
  wait_job(&j);
}

static void
run_line(const char *line)
{
  static struct token toks[MAXTOKENS];
  static char pool[2 * MAXLINE + 64];
  static struct pipeline pl;
  struct lexer lx = { .s = line };
  int end;

  do {
    lx.pool = pool;
    lx.pool_end = pool + sizeof(pool);
    if (tokenize(&lx, toks) < 0 || (end = parse_pipeline(toks, &pl)) < 0) {
      last_status = 2;
      return;
    }
    if (pl.ncmds > 1 || pl.cmds[0].argc > 0 || pl.cmds[0].nredirs > 0)
      run_pipeline(&pl);
  } while (end != T_END);
}

// A program may leave the input file (shared with the shell) nonblocking.
// Taking its EAGAIN for end of input would end the shell, and init would
// start the next one on the same file: turn O_NONBLOCK off and read again.
static int
read_byte(int fd, char *c)
{
  int r = read(fd, c, 1);

  if (r < 0 && errno == EAGAIN && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0)
    r = read(fd, c, 1);
  return r;
}

// Reads one line a byte at a time, so that commands started from the
// script share its file offset correctly.  Returns -1 at end of input.
static int
read_line(int fd, char *buf, int size)
{
  int n = 0;
  char c = 0;

  while (read_byte(fd, &c) == 1) {
    if (c == '\n')
      break;
    if (n < size - 1)
      buf[n++] = c;
  }
  if (n == 0 && c != '\n')
    return -1;
  buf[n] = 0;
  return n;
}

// ^C at the prompt: the console has dropped the line; prompt again.
static void
on_interrupt(int sig)
{
  (void)sig;
  write(1, "$ ", 2);
}

// An interactive shell on a terminal leads its own process group and
// keeps the console's job-control signals for the jobs it runs.
static void
start_job_control(void)
{
  struct sigaction sa = { .sa_handler = on_interrupt, .sa_flags = SA_RESTART };

  if (!isatty(0) || setpgid(0, 0) < 0)
    return;
  shell_pgrp = getpgrp();
  if (tcsetpgrp(0, shell_pgrp) < 0)
    return;
  sigaction(SIGINT, &sa, 0);
  signal(SIGQUIT, SIG_IGN);
  signal(SIGTSTP, SIG_IGN);
  signal(SIGTTOU, SIG_IGN);
  job_control = 1;
}

// Background commands that have finished are collected before each line.
static void
reap_background(void)
{
  int status;

  while (waitpid(-1, &status, WNOHANG) > 0)
    ;
}

int
main(int argc, char **argv)
{
  static char line[MAXLINE];
  int fd = 0, interactive = (argc == 1);

  if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
    run_line(argv[2]);
    return last_status;
  }
  if (argc >= 2) {
    fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
      return 127;
    }
  }
  if (interactive)
    start_job_control();
  for (;;) {
    reap_background();
    if (interactive) {
      fputs("$ ", stdout);
      fflush(stdout);
    }
    if (read_line(fd, line, sizeof(line)) < 0)
      break;
    run_line(line);
  }
  return last_status;
}
