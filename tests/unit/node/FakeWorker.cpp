// Test double for idleforge-worker: misbehaves on purpose, as told by argv[1].
//   ignore-stop  says hello, then ignores every line and the end of input, and sleeps
//   abort        says hello, aborts (SIGABRT) on the first line it reads
//   truncated    says hello, writes half a line and exits 0
//   exit3        says hello, exits with code 3 on the first line it reads
//   garbage      answers the first line with a line that is not JSON, then behaves like exit0
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

int main(int argc, char **argv)
{
    const std::string mode = argc > 1 ? argv[1] : "";
    std::printf("{\"type\":\"hello\",\"version\":\"fake\",\"pid\":%d,\"jobs\":[\"bench\"]}\n", static_cast<int>(getpid()));
    std::fflush(stdout);
    if (mode == "truncated") {
        std::printf("{\"type\":\"result\",\"id\":\"1\",\"res");
        std::fflush(stdout);
        return 0;
    }
    if (mode == "ignore-stop") {
        std::signal(SIGTERM, SIG_IGN);
        char buf[4096];
        while (read(0, buf, sizeof buf) > 0) {
        }
        for (;;)
            pause();
    }
    char line[65536];
    if (!std::fgets(line, sizeof line, stdin))
        return 0;
    if (mode == "abort")
        std::abort();
    if (mode == "exit3")
        return 3;
    if (mode == "garbage") {
        std::printf("this is not json\n");
        std::fflush(stdout);
        return 0;
    }
    return 0;
}
