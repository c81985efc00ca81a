/* config.h: the configuration library a unikernel's config.c is written against. */
#ifndef KILN_CONFIG_H
#define KILN_CONFIG_H

/*
 * A config.c is a normal C program that `kiln configure` compiles and runs. It
 * declares the unikernel's keys, its start function and the device kinds that
 * function takes (a "job"), then registers the job applied to implementations:
 *
 *   int main(int argc, char **argv)
 *   {
 *       kiln_key *hello = kiln_key_string("hello", "Hello World!", "How to say hello.");
 *       kiln_job *job = kiln_foreign("hello_start", kiln_keys(hello), KILN_CONSOLE, KILN_TIME, KILN_JOB);
 *       return kiln_register(argc, argv, "hello", job, kiln_default_console(), kiln_default_time());
 *   }
 *
 * Every object lives until the program ends; nothing is freed by the caller.
 * Mistakes (a bad key name, an implementation of the wrong kind) are reported by
 * kiln_register with the file and line where the object was made, and configure fails
 * without writing anything.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Device kinds a start function can take, in the order of its parameters. The list
 * given to kiln_foreign ends with KILN_JOB, as MirageOS's `console @-> time @-> job`. */
typedef enum kiln_kind {
	KILN_JOB = 0,
	KILN_CONSOLE,
	KILN_TIME,
	KILN_RANDOM,
	KILN_BLOCK,
	KILN_KV_RO,
	KILN_NETWORK,
	KILN_STACKV4,
	KILN_KIND_END_ /* internal: appended by kiln_foreign */
} kiln_kind;

typedef struct kiln_key kiln_key;
typedef struct kiln_key_list kiln_key_list;
typedef struct kiln_impl kiln_impl;
typedef struct kiln_impl kiln_job; /* a job is the implementation of kind KILN_JOB */

#define KILN_HERE __FILE__, __LINE__

/* Keys: a name (lowercase letters, digits, '-' and '_'), a default and a doc string.
 * The start function reads a key with key_gen_NAME() (with '-' turned into '_'). */
#define kiln_key_string(name, def, doc) kiln_key_string_at(KILN_HERE, name, def, doc)
#define kiln_key_int(name, def, doc) kiln_key_int_at(KILN_HERE, name, def, doc)
#define kiln_key_bool(name, def, doc) kiln_key_bool_at(KILN_HERE, name, def, doc)

/* A list of keys for kiln_foreign: kiln_keys(a, b, c). */
#define kiln_keys(...) kiln_keys_at(KILN_HERE, (kiln_key *[]){ __VA_ARGS__, NULL })

/* A job: the start function's name, its keys (or NULL) and its device kinds ending with KILN_JOB.
 * `kiln configure` writes the matching prototype to start_gen.h. */
#define kiln_foreign(start, keys, ...) \
	kiln_foreign_at(KILN_HERE, start, keys, (const kiln_kind[]){ __VA_ARGS__, KILN_KIND_END_ })

/* The platform's default devices: stdout / the PV console, the clocks, the entropy source. */
#define kiln_default_console() kiln_default_console_at(KILN_HERE)
#define kiln_default_time() kiln_default_time_at(KILN_HERE)
#define kiln_default_random() kiln_default_random_at(KILN_HERE)

/* A block device backed by the file at path (unix). */
#define kiln_block_of_file(path) kiln_block_of_file_at(KILN_HERE, path)

/* Read-only key/value stores over the directory dir:
 * crunch: dir compiled into the unikernel (kiln configure writes static<N>.c);
 * direct: the host directory itself, at run time (unix only);
 * fat: a FAT image fat<N>.img made from dir (by the unikernel's make-fat<N>-image.sh), read through a block device;
 * generic: chosen at configure time with --kv_ro crunch|fat|direct (default: direct on unix, crunch on xen). */
#define kiln_crunch(dir) kiln_crunch_at(KILN_HERE, dir)
#define kiln_direct_kv_ro(dir) kiln_direct_kv_ro_at(KILN_HERE, dir)
#define kiln_fat_kv_ro(dir) kiln_fat_kv_ro_at(KILN_HERE, dir)
#define kiln_generic_kv_ro(dir) kiln_generic_kv_ro_at(KILN_HERE, dir)

/* The network device: a tap interface on unix (--interface, default tap0); netfront on xen. */
#define kiln_default_network() kiln_default_network_at(KILN_HERE)

/* The IPv4 stack over net, chosen at configure time with --net socket|direct (default: socket on
 * unix, direct on xen): socket uses the host's kernel sockets (unix only), direct Kiln's own stack
 * on net, addressed by DHCP (--dhcp true) or statically (--ipv4 ADDR/PREFIX, default 10.0.0.2/24,
 * and --ipv4-gateway ADDR, default 10.0.0.1). The last three can be changed again at boot. */
#define kiln_generic_stackv4(net) kiln_generic_stackv4_at(KILN_HERE, net)

/* xen when configuring for the xen target, other otherwise; both must be of one kind. */
#define kiln_if_xen(xen, other) kiln_if_xen_at(KILN_HERE, xen, other)

/*
 * Evaluates the configuration for the command line kiln passed (target, keys) and
 * writes the generated files, or prints the help. The arguments after name are the
 * job and then one implementation per device kind of the job, in order.
 * Returns the exit status for main(): 0, or 1 after printing what was wrong.
 */
#define kiln_register(argc, argv, name, ...) \
	kiln_register_at(KILN_HERE, argc, argv, name, (kiln_impl *[]){ __VA_ARGS__, NULL })

kiln_key *kiln_key_string_at(const char *file, int line, const char *name, const char *def, const char *doc);
kiln_key *kiln_key_int_at(const char *file, int line, const char *name, int64_t def, const char *doc);
kiln_key *kiln_key_bool_at(const char *file, int line, const char *name, bool def, const char *doc);
kiln_key_list *kiln_keys_at(const char *file, int line, kiln_key *const *keys);
kiln_job *kiln_foreign_at(const char *file, int line, const char *start, kiln_key_list *keys,
			  const kiln_kind *kinds);
kiln_impl *kiln_default_console_at(const char *file, int line);
kiln_impl *kiln_default_time_at(const char *file, int line);
kiln_impl *kiln_default_random_at(const char *file, int line);
kiln_impl *kiln_block_of_file_at(const char *file, int line, const char *path);
kiln_impl *kiln_crunch_at(const char *file, int line, const char *dir);
kiln_impl *kiln_direct_kv_ro_at(const char *file, int line, const char *dir);
kiln_impl *kiln_fat_kv_ro_at(const char *file, int line, const char *dir);
kiln_impl *kiln_generic_kv_ro_at(const char *file, int line, const char *dir);
kiln_impl *kiln_default_network_at(const char *file, int line);
kiln_impl *kiln_generic_stackv4_at(const char *file, int line, kiln_impl *net);
kiln_impl *kiln_if_xen_at(const char *file, int line, kiln_impl *xen, kiln_impl *other);
int kiln_register_at(const char *file, int line, int argc, char **argv, const char *name,
		     kiln_impl *const *job_and_impls);

#endif
