/* The engine's device models: one call that makes every device type and
 * CPU model exist by name, for programs that create them only by name
 * (-device, -cpu, the boards, introspection). Linking this module links
 * every model; calling it registers those that do not register themselves
 * before main. Safe to call more than once. */
#pragma once

void quern_devices_register(void);
