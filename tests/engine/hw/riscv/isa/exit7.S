/* Fails on purpose as check 7: the board must turn the report into the
 * engine's exit status 7 (finisher on virt, HTIF on spike). */
#include "riscv-test.h"
START
main:
    TEST(7)
    j fail
END
