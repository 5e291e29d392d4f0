// Grader test program, built with glibc only (its pthreads have robust
// mutexes; this OS's library has none): a thread dies holding a robust
// mutex; the next locker gets EOWNERDEAD, makes the mutex consistent and
// goes on.  The kernel's part is set_robust_list and the walk at exit.
// Exit status: the number of failures.
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t m;
static int failures;

static void expect(const char *what, int cond)
{
    printf("%s %s\n", cond ? "ok  " : "FAIL", what);
    failures += !cond;
}

static void *die_holding(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    return 0;                          // ends without unlocking
}

int main(void)
{
    alarm(20);                         // a join that never returns (no CLONE_CHILD_CLEARTID) ends here
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&m, &a);
    pthread_t t;
    pthread_create(&t, 0, die_holding, 0);
    pthread_join(t, 0);
    int r = pthread_mutex_lock(&m);
    expect("the next lock says EOWNERDEAD", r == EOWNERDEAD);
    expect("pthread_mutex_consistent", pthread_mutex_consistent(&m) == 0);
    expect("unlock", pthread_mutex_unlock(&m) == 0);
    expect("lock again: plain success", pthread_mutex_lock(&m) == 0 && pthread_mutex_unlock(&m) == 0);
    printf("t_robustmutex: done, %d failures\n", failures);
    return failures;
}
