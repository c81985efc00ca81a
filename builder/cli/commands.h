/* commands.h: kiln's subcommands; each takes its own argv (argv[0] is the command's name) and returns an exit status. */
#ifndef KILN_COMMANDS_H
#define KILN_COMMANDS_H

int cmd_configure(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_describe(int argc, char **argv);
int cmd_depend(int argc, char **argv);
int cmd_clean(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_fetch_build(int argc, char **argv);
int cmd_build_worker(int argc, char **argv);

#endif
