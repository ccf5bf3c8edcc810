#include "interrupt.h"

#include <signal.h>
#include <stddef.h>
#include <unistd.h>

static volatile sig_atomic_t guarded, pending;
static pid_t owner; /* forked workers inherit the handler, not the job */

/* Only async-signal-safe calls in here. */
static void
on_signal(int sig)
{
	if (guarded && pending == 0 && getpid() == owner) {
		pending = sig;
		return;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void
interrupt_catch(void)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	owner = getpid();
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGXFSZ, SIG_IGN);
}

void
interrupt_guard(bool on)
{
	guarded = on;
}

int
interrupt_pending(void)
{
	return pending;
}

void
interrupt_exit(void)
{
	int sig = pending;
	if (sig == 0)
		return;
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig); /* not reached: the signal's default action ends brief */
}
