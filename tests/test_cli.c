/*
 * test_cli.c: the tasim executable's common behaviour: help, version,
 * usage errors and their exit codes.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "run_command.h"

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

Test(cli, help_goes_to_stdout_lists_the_commands_and_exits_0)
{
    command_result_t r = run_tasim(NULL, (const char *[]){"--help", NULL});
    cr_assert_eq(r.exit_code, 0);
    cr_assert(strstr(r.out, "Usage: tasim <command>") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "Commands:") != NULL);
    cr_assert_str_empty(r.err);
    command_result_free(&r);
}

Test(cli, version_names_the_release_commit_and_generator)
{
    command_result_t r = run_tasim(NULL, (const char *[]){"--version", NULL});
    cr_assert_eq(r.exit_code, 0);
    cr_assert(strncmp(r.out, "tasim ", 6) == 0, "%s", r.out);
    cr_assert(strstr(r.out, "commit") != NULL);
    cr_assert(strstr(r.out, "mt19937") != NULL);
    command_result_free(&r);
}

Test(cli, no_command_is_a_usage_error_with_a_hint)
{
    command_result_t r = run_tasim(NULL, (const char *[]){NULL});
    cr_assert_eq(r.exit_code, 2);
    cr_assert_str_eq(r.err, "tasim: error: no command given\n"
                            "Try 'tasim --help'.\n");
    cr_assert_str_empty(r.out);
    command_result_free(&r);
}

Test(cli, unknown_command_exits_2_with_a_one_line_hint)
{
    command_result_t r = run_tasim(NULL, (const char *[]){"frobnicate", NULL});
    cr_assert_eq(r.exit_code, 2);
    cr_assert_str_eq(r.err, "tasim: error: unknown command 'frobnicate'\n"
                            "Try 'tasim --help'.\n");
    cr_assert_eq(count_lines(r.err), 2);
    command_result_free(&r);
}

Test(cli, unknown_option_exits_2)
{
    command_result_t r = run_tasim(NULL, (const char *[]){"--frob", NULL});
    cr_assert_eq(r.exit_code, 2);
    cr_assert(strstr(r.err, "unknown option '--frob'") != NULL, "%s", r.err);
    command_result_free(&r);
}
