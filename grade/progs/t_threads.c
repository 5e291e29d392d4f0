// Grader test program: a short thread smoke test for the boards lab (the full
// checks are user/threadtest's).  4 threads add to a mutex-protected counter,
// signal a condition variable and are joined; prints "t_threads: N passed, M failed".
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define NTHREADS 4
#define ROUNDS 10000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int done;
static int passed, failed;

static void check(int ok, const char *what)
{
    printf("%s %s\n", ok ? "ok" : "FAIL", what);
    if (ok)
        passed++;
    else
        failed++;
}

static void *worker(void *arg)
{
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    done++;
    pthread_cond_signal(&done_cond);
    pthread_mutex_unlock(&lock);
    return arg;
}

int main(void)
{
    pthread_t t[NTHREADS];
    int created = 0;
    for (int i = 0; i < NTHREADS; i++)
        created += pthread_create(&t[i], 0, worker, (void *)(long)i) == 0;
    check(created == NTHREADS, "4 threads created");
    pthread_mutex_lock(&lock);
    while (done < created)
        pthread_cond_wait(&done_cond, &lock);
    pthread_mutex_unlock(&lock);
    int joined = 0;
    for (int i = 0; i < created; i++) {
        void *ret;
        joined += pthread_join(t[i], &ret) == 0 && ret == (void *)(long)i;
    }
    check(joined == created, "every thread joined with its return value");
    check(counter == (long)created * ROUNDS, "mutex-protected counter is exact");
    printf("t_threads: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
