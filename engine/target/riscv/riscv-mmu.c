/* Address translation (Sv39, Sv48, Sv57 with hardware-set A/D bits, SUM,
 * MXR, MPRV), the software TLB that caches host pointers into RAM, and the
 * slow paths for loads and stores that miss it (page walks, MMIO, faults,
 * stores to decoded code). See riscv-internal.h.
 *
 * Nothing a guest writes reaches host memory outside RAM: host pointers
 * only come from address_space_translate_ram() for one whole page, and
 * everything else goes through address_space_ld*()/st*(), whose failures
 * become access faults. */
#include <string.h>

#include "riscv-internal.h"

#define PTE_V (1ULL << 0)
#define PTE_R (1ULL << 1)
#define PTE_W (1ULL << 2)
#define PTE_X (1ULL << 3)
#define PTE_U (1ULL << 4)
#define PTE_A (1ULL << 6)
#define PTE_D (1ULL << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK ((1ULL << 44) - 1)
/* N, PBMT and the reserved bits: none of those extensions is offered, so
 * a PTE with any of them set is malformed. */
#define PTE_RESERVED (~((1ULL << 54) - 1))

void riscv_tlb_flush(RiscvCpu *cpu)
{
    memset(cpu->tlb, 0xff, sizeof(cpu->tlb));
    cpu->epoch++;
}

void riscv_tlb_flush_page(RiscvCpu *cpu, uint64_t vaddr)
{
    uint64_t vpage = vaddr & RISCV_PAGE_MASK;

    for (unsigned acc = 0; acc < 3; acc++) {
        for (unsigned priv = 0; priv < 4; priv++) {
            RiscvTlbEntry *e = riscv_tlb_entry(cpu, acc, priv, vaddr);

            if (e->vpage == vpage) {
                e->vpage = UINT64_MAX;
            }
        }
    }
    cpu->epoch++;
}

void riscv_tlb_flush_writes_to(RiscvCpu *cpu, uint64_t ppage)
{
    for (unsigned priv = 0; priv < 4; priv++) {
        for (unsigned i = 0; i < RISCV_TLB_SIZE; i++) {
            RiscvTlbEntry *e = &cpu->tlb[RISCV_ACCESS_WRITE][priv][i];

            if (e->vpage != UINT64_MAX && e->ppage == ppage) {
                e->vpage = UINT64_MAX;
            }
        }
    }
}

static uint64_t fault_cause(RiscvAccess access, bool page_fault)
{
    switch (access) {
    case RISCV_ACCESS_READ:
        return page_fault ? RISCV_EXC_LOAD_PAGE : RISCV_EXC_LOAD_ACCESS;
    case RISCV_ACCESS_WRITE:
        return page_fault ? RISCV_EXC_STORE_PAGE : RISCV_EXC_STORE_ACCESS;
    default:
        return page_fault ? RISCV_EXC_INSN_PAGE : RISCV_EXC_INSN_ACCESS;
    }
}

/* Leaf permission check, as the privileged spec's walk step 5. */
static bool leaf_allows(RiscvCpu *cpu, uint64_t pte, RiscvAccess access,
                        unsigned priv)
{
    if (priv == RISCV_PRIV_U && !(pte & PTE_U)) {
        return false;
    }
    if (priv == RISCV_PRIV_S && (pte & PTE_U) &&
        (access == RISCV_ACCESS_FETCH || !(cpu->mstatus & MSTATUS_SUM))) {
        return false;
    }
    switch (access) {
    case RISCV_ACCESS_READ:
        return (pte & PTE_R) ||
               ((cpu->mstatus & MSTATUS_MXR) && (pte & PTE_X));
    case RISCV_ACCESS_WRITE:
        return pte & PTE_W;
    default:
        return pte & PTE_X;
    }
}

bool riscv_translate(RiscvCpu *cpu, uint64_t vaddr, RiscvAccess access,
                     unsigned priv, uint64_t *paddr, uint64_t *cause)
{
    unsigned mode = cpu->satp >> 60;
    unsigned levels, va_bits;
    uint64_t table;

    if (priv == RISCV_TLB_S_SUM) {
        priv = RISCV_PRIV_S;        /* mstatus.SUM says the rest */
    }
    if (priv == RISCV_PRIV_M || mode == 0) {
        *paddr = vaddr;
        return true;
    }
    levels = mode - 5;              /* Sv39 = 8 -> 3, Sv48 4, Sv57 5 */
    va_bits = RISCV_PAGE_BITS + 9 * levels;
    /* The bits above the VA must copy its top bit. */
    if ((uint64_t)((int64_t)(vaddr << (64 - va_bits)) >> (64 - va_bits)) !=
        vaddr) {
        *cause = fault_cause(access, true);
        return false;
    }
    table = (cpu->satp & PTE_PPN_MASK) << RISCV_PAGE_BITS;
    for (int level = (int)levels - 1; level >= 0; level--) {
        unsigned shift = RISCV_PAGE_BITS + 9 * (unsigned)level;
        uint64_t pte_addr = table + ((vaddr >> shift) & 511) * 8;
        MemTxResult res;
        uint64_t pte = address_space_ldq(cpu->as, pte_addr, &res);
        uint64_t ppn;

        if (res != MEMTX_OK) {
            *cause = fault_cause(access, false);
            return false;
        }
        if (!(pte & PTE_V) || ((pte & (PTE_R | PTE_W)) == PTE_W) ||
            (pte & PTE_RESERVED)) {
            break;
        }
        ppn = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
        if (!(pte & (PTE_R | PTE_X))) {
            if (pte & (PTE_A | PTE_D | PTE_U)) {
                break;              /* reserved in non-leaf PTEs */
            }
            table = ppn << RISCV_PAGE_BITS;
            continue;
        }
        /* A superpage's PPN must be aligned to its size. */
        if (level > 0 && (ppn & ((1ULL << (9 * level)) - 1))) {
            break;
        }
        if (!leaf_allows(cpu, pte, access, priv)) {
            break;
        }
        if (!(pte & PTE_A) ||
            (access == RISCV_ACCESS_WRITE && !(pte & PTE_D))) {
            pte |= PTE_A | (access == RISCV_ACCESS_WRITE ? PTE_D : 0);
            address_space_stq(cpu->as, pte_addr, pte, &res);
            if (res != MEMTX_OK) {
                *cause = fault_cause(access, false);
                return false;
            }
        }
        *paddr = ((ppn << RISCV_PAGE_BITS) & ~((1ULL << shift) - 1)) |
                 (vaddr & ((1ULL << shift) - 1));
        return true;
    }
    *cause = fault_cause(access, true);
    return false;
}

/* The RAM behind one whole physical page, or NULL (MMIO, ROM for a write,
 * a RAM block ending mid-page). */
static void *ram_page(RiscvCpu *cpu, uint64_t ppage, bool write)
{
    hwaddr avail = 0;
    uint64_t gen;
    void *host = address_space_translate_ram(cpu->as, ppage, RISCV_PAGE_SIZE,
                                             write, &avail, &gen);

    return host && avail == RISCV_PAGE_SIZE ? host : NULL;
}

/* Caches vaddr's page for access by priv when it is plain RAM (and, for
 * writes, holds no decoded code). Returns the host page or NULL. */
static void *tlb_fill(RiscvCpu *cpu, RiscvAccess access, unsigned priv,
                      uint64_t vaddr, uint64_t paddr)
{
    uint64_t ppage = paddr & RISCV_PAGE_MASK;
    void *host = ram_page(cpu, ppage, access == RISCV_ACCESS_WRITE);
    RiscvTlbEntry *e;

    if (!host) {
        return NULL;
    }
    if (access == RISCV_ACCESS_WRITE &&
        riscv_exec_is_code_page(cpu, ppage)) {
        return host;
    }
    e = riscv_tlb_entry(cpu, access, priv, vaddr);
    e->vpage = vaddr & RISCV_PAGE_MASK;
    e->addend = (uintptr_t)host - e->vpage;
    e->ppage = ppage;
    return host;
}

/* After an MMIO access a device may have remapped memory: drop what was
 * cached against the old map. */
static void check_memory_map(RiscvCpu *cpu)
{
    uint64_t gen = address_space_generation(cpu->as);

    if (gen != cpu->as_generation) {
        cpu->as_generation = gen;
        riscv_tlb_flush(cpu);
        cpu->code_dirty = true;
    }
}

static bool load_one_page(RiscvCpu *cpu, const RiscvInsn *insn,
                          uint64_t vaddr, unsigned size, uint64_t *val)
{
    uint64_t paddr, cause;
    void *host;
    MemTxResult res = MEMTX_OK;

    if (!riscv_translate(cpu, vaddr, RISCV_ACCESS_READ, cpu->data_priv,
                         &paddr, &cause)) {
        riscv_raise(cpu, insn, cause, vaddr);
        return false;
    }
    host = tlb_fill(cpu, RISCV_ACCESS_READ, cpu->data_priv, vaddr, paddr);
    if (host) {
        *val = 0;
        memcpy(val, (uint8_t *)host + (paddr & ~RISCV_PAGE_MASK), size);
        return true;
    }
    switch (size) {
    case 1:
        *val = address_space_ldub(cpu->as, paddr, &res);
        break;
    case 2:
        *val = address_space_lduw(cpu->as, paddr, &res);
        break;
    case 4:
        *val = address_space_ldl(cpu->as, paddr, &res);
        break;
    default:
        *val = address_space_ldq(cpu->as, paddr, &res);
        break;
    }
    check_memory_map(cpu);
    if (res != MEMTX_OK) {
        riscv_raise(cpu, insn, RISCV_EXC_LOAD_ACCESS, vaddr);
        return false;
    }
    return true;
}

bool riscv_load_slow(RiscvCpu *cpu, const RiscvInsn *insn, uint64_t vaddr,
                     unsigned size, uint64_t *val)
{
    uint64_t v = 0;

    if ((vaddr & ~RISCV_PAGE_MASK) + size <= RISCV_PAGE_SIZE) {
        return load_one_page(cpu, insn, vaddr, size, val);
    }
    /* Misaligned across a page: byte by byte, each translated. */
    for (unsigned i = 0; i < size; i++) {
        uint64_t b;

        if (!load_one_page(cpu, insn, vaddr + i, 1, &b)) {
            return false;
        }
        v |= b << (8 * i);
    }
    *val = v;
    return true;
}

/* false: a fault was raised. *hit_code: the page holds decoded code. */
static bool store_one_page(RiscvCpu *cpu, const RiscvInsn *insn,
                           uint64_t vaddr, unsigned size, uint64_t val,
                           bool *hit_code)
{
    uint64_t paddr, cause;
    void *host;
    MemTxResult res = MEMTX_OK;

    if (!riscv_translate(cpu, vaddr, RISCV_ACCESS_WRITE, cpu->data_priv,
                         &paddr, &cause)) {
        riscv_raise(cpu, insn, cause, vaddr);
        return false;
    }
    host = tlb_fill(cpu, RISCV_ACCESS_WRITE, cpu->data_priv, vaddr, paddr);
    if (host) {
        memcpy((uint8_t *)host + (paddr & ~RISCV_PAGE_MASK), &val, size);
        if (riscv_exec_is_code_page(cpu, paddr & RISCV_PAGE_MASK)) {
            *hit_code = true;
        }
        return true;
    }
    switch (size) {
    case 1:
        address_space_stb(cpu->as, paddr, (uint8_t)val, &res);
        break;
    case 2:
        address_space_stw(cpu->as, paddr, (uint16_t)val, &res);
        break;
    case 4:
        address_space_stl(cpu->as, paddr, (uint32_t)val, &res);
        break;
    default:
        address_space_stq(cpu->as, paddr, val, &res);
        break;
    }
    check_memory_map(cpu);
    if (res != MEMTX_OK) {
        riscv_raise(cpu, insn, RISCV_EXC_STORE_ACCESS, vaddr);
        return false;
    }
    if (riscv_exec_is_code_page(cpu, paddr & RISCV_PAGE_MASK)) {
        *hit_code = true;
    }
    return true;
}

bool riscv_store_slow(RiscvCpu *cpu, const RiscvInsn *insn, uint64_t vaddr,
                      unsigned size, uint64_t val)
{
    bool hit_code = false;

    if ((vaddr & ~RISCV_PAGE_MASK) + size <= RISCV_PAGE_SIZE) {
        if (!store_one_page(cpu, insn, vaddr, size, val, &hit_code)) {
            return false;
        }
    } else {
        /* Translate both pages before writing a byte, so a fault on the
         * second leaves memory untouched. */
        uint64_t paddr, cause;
        uint64_t second = (vaddr | ~RISCV_PAGE_MASK) + 1;

        if (!riscv_translate(cpu, second, RISCV_ACCESS_WRITE, cpu->data_priv,
                             &paddr, &cause)) {
            riscv_raise(cpu, insn, cause, second);
            return false;
        }
        for (unsigned i = 0; i < size; i++) {
            if (!store_one_page(cpu, insn, vaddr + i, 1,
                                (val >> (8 * i)) & 0xff, &hit_code)) {
                return false;
            }
        }
    }
    if (hit_code || cpu->code_dirty) {
        /* The rest of this block may be what was just overwritten. */
        cpu->code_dirty = true;
        riscv_leave(cpu, insn, insn->pc + insn->len);
        return false;
    }
    return true;
}

void *riscv_amo_host_ptr(RiscvCpu *cpu, const RiscvInsn *insn,
                         uint64_t vaddr, unsigned size, bool is_load)
{
    RiscvAccess access = is_load ? RISCV_ACCESS_READ : RISCV_ACCESS_WRITE;
    uint64_t paddr, cause;
    void *host;

    if (vaddr & (size - 1)) {
        riscv_raise(cpu, insn, is_load ? RISCV_EXC_LOAD_MISALIGNED
                                       : RISCV_EXC_STORE_MISALIGNED, vaddr);
        return NULL;
    }
    host = riscv_tlb_lookup(cpu, access, vaddr, size);
    if (host) {
        return host;
    }
    if (!riscv_translate(cpu, vaddr, access, cpu->data_priv, &paddr,
                         &cause)) {
        riscv_raise(cpu, insn, cause, vaddr);
        return NULL;
    }
    host = tlb_fill(cpu, access, cpu->data_priv, vaddr, paddr);
    if (!host) {
        riscv_raise(cpu, insn, is_load ? RISCV_EXC_LOAD_ACCESS
                                       : RISCV_EXC_STORE_ACCESS, vaddr);
        return NULL;
    }
    if (!is_load && riscv_exec_is_code_page(cpu, paddr & RISCV_PAGE_MASK)) {
        /* The AMO leaves the block; the loop drops the code. */
        cpu->code_dirty = true;
    }
    return (uint8_t *)host + (paddr & ~RISCV_PAGE_MASK);
}

void *riscv_fetch_host(RiscvCpu *cpu, uint64_t vaddr, uint64_t *paddr,
                       uint64_t *cause)
{
    RiscvTlbEntry *e = riscv_tlb_entry(cpu, RISCV_ACCESS_FETCH, cpu->priv,
                                       vaddr);
    void *host;

    if (e->vpage == (vaddr & RISCV_PAGE_MASK)) {
        *paddr = e->ppage | (vaddr & ~RISCV_PAGE_MASK);
        return (void *)(uintptr_t)(vaddr + e->addend);
    }
    if (!riscv_translate(cpu, vaddr, RISCV_ACCESS_FETCH, cpu->priv, paddr,
                         cause)) {
        return NULL;
    }
    host = tlb_fill(cpu, RISCV_ACCESS_FETCH, cpu->priv, vaddr, *paddr);
    if (!host) {
        *cause = RISCV_EXC_INSN_ACCESS;
        return NULL;
    }
    return (uint8_t *)host + (*paddr & ~RISCV_PAGE_MASK);
}
