/* tiny-init.c: /init of the Linux PVH guests in the harness's self-test: prints a line and powers off, or with the argument "crash" exits, which panics the kernel. */
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int crash = argc > 1 && strcmp(argv[1], "crash") == 0;

	printf("tiny-init: hello from a Linux PVH guest\n");
	if (crash) {
		printf("tiny-init: exiting, so that the kernel panics\n");
		fflush(stdout);
		return 1;
	}
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	perror("tiny-init: reboot");
	return 1;
}
