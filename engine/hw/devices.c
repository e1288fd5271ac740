/* The engine's device models: see devices.h. */
#include "devices.h"

#include "goldfish-rtc.h"
#include "riscv-aclint.h"
#include "rng.h"
#include "serial.h"
#include "sifive-plic.h"
#include "sifive-test.h"
#include "spike.h"
#include "virt.h"

void quern_devices_register(void)
{
    serial_mm_register_types();
    riscv_aclint_register_types();
    sifive_plic_register_types();
    sifive_test_register_types();
    goldfish_rtc_register_types();
    rng_backends_register_types();
    virt_machine_register_types();
    spike_machine_register_types();
}
