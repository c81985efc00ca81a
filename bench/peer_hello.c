/* peer_hello.c: the peer for hello's start-up benchmark: a plain C program that prints one line. */
#include <stdio.h>

int main(void)
{
	puts("Hello World!");
	return 0;
}
