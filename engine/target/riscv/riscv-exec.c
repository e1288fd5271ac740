/* The execution loop: find or build the block at pc, run it, account the
 * instructions, and between blocks take interrupts, honour exit requests
 * and drop decoded code that was overwritten. See riscv-internal.h. */
#include <string.h>

#include "riscv-insn.h"

/* Instructions run by direct chaining per loop turn. Without optimisation
 * (the sanitizer build) handler tail calls are real calls, so the chain
 * is kept short to bound the stack. */
#if defined(__SANITIZE_ADDRESS__) || !defined(__OPTIMIZE__)
#define CHAIN_MAX_INSNS 64
#else
#define CHAIN_MAX_INSNS 4096
#endif
#define BLOCK_RAN_TO_END UINT32_MAX
#define MAX_CACHED_BLOCKS 20000

static guint block_hash(gconstpointer key)
{
    const RiscvBlock *b = key;

    return (guint)((b->phys_pc >> 1) ^ (b->virt_pc * 0x9e3779b1u));
}

static gboolean block_equal(gconstpointer a, gconstpointer b)
{
    const RiscvBlock *x = a, *y = b;

    return x->phys_pc == y->phys_pc && x->virt_pc == y->virt_pc;
}

void riscv_exec_init(RiscvCpu *cpu)
{
    cpu->blocks = g_hash_table_new_full(block_hash, block_equal, g_free,
                                        NULL);
    cpu->code_pages = g_hash_table_new(g_direct_hash, g_direct_equal);
}

void riscv_exec_finalize(RiscvCpu *cpu)
{
    g_clear_pointer(&cpu->blocks, g_hash_table_destroy);
    g_clear_pointer(&cpu->code_pages, g_hash_table_destroy);
}

void riscv_exec_flush_code(RiscvCpu *cpu)
{
    g_hash_table_remove_all(cpu->blocks);
    g_hash_table_remove_all(cpu->code_pages);
    memset(cpu->jmp_cache, 0, sizeof(cpu->jmp_cache));
    cpu->code_dirty = false;
    cpu->epoch++;
}

bool riscv_exec_is_code_page(RiscvCpu *cpu, uint64_t ppage)
{
    return g_hash_table_size(cpu->code_pages) &&
           g_hash_table_contains(cpu->code_pages,
                                 (gpointer)(uintptr_t)(ppage >>
                                                       RISCV_PAGE_BITS));
}

static void mark_code_page(RiscvCpu *cpu, uint64_t ppage)
{
    gpointer key = (gpointer)(uintptr_t)(ppage >> RISCV_PAGE_BITS);

    if (g_hash_table_add(cpu->code_pages, key)) {
        riscv_tlb_flush_writes_to(cpu, ppage);
    }
}

RISCV_HANDLER(riscv_op_block_end)
{
    cpu->pc = insn->pc;
    RISCV_CHAIN_SLOT(cpu, insn, 0);
}

static bool is_branch(RiscvHandler *fn)
{
    return fn == riscv_op_beq || fn == riscv_op_bne || fn == riscv_op_blt ||
           fn == riscv_op_bge || fn == riscv_op_bltu || fn == riscv_op_bgeu;
}

/* Fills link_pc for a block whose successors the code fixes. */
static void set_static_links(RiscvBlock *b)
{
    const RiscvInsn *last = b->n_insns ? &b->insns[b->n_insns - 1] : NULL;

    if (last && is_branch(last->fn)) {
        b->link_pc[0] = last->pc + (uint64_t)last->imm;
        b->link_pc[1] = last->pc + last->len;
    } else if (last && last->fn == riscv_op_jal) {
        b->link_pc[0] = last->pc + (uint64_t)last->imm;
    } else if (!last || !riscv_insn_ends_block(last)) {
        /* Cut by length or the page end: it falls through. */
        b->link_pc[0] = b->insns[b->n_insns].pc;
    } else {
        return;
    }
    b->static_links = true;
}

/* Gives each record right after a producer, reading its result, the form
 * that takes it from fwd. Backwards, so every record looked up still has
 * its base handler. */
static void forward_operands(RiscvBlock *b)
{
    for (unsigned i = b->n_insns; i-- > 1;) {
        RiscvInsn *cur = &b->insns[i];
        const RiscvInsn *prev = &b->insns[i - 1];
        const RiscvFwdForms *pf = riscv_fwd_forms_of(prev->fn);
        const RiscvFwdForms *cf;

        /* A write to x0 goes to x[32], which no record reads. */
        if (!pf || !pf->produces) {
            continue;
        }
        cf = riscv_fwd_forms_of(cur->fn);
        if (!cf) {
            continue;
        }
        if (cf->f1 && cur->rs1 == prev->rd) {
            cur->fn = cf->f1;
        } else if (cf->f2 && cur->rs2 == prev->rd) {
            cur->fn = cf->f2;
        }
    }
}

/* Remembers that prev went on to b (at cpu->pc). */
static void link_blocks(RiscvCpu *cpu, RiscvBlock *prev, RiscvBlock *b)
{
    unsigned i;

    if (prev->static_links) {
        if (prev->link_pc[0] == cpu->pc) {
            i = 0;
        } else if (prev->link_pc[1] == cpu->pc) {
            i = 1;
        } else {
            return;     /* left early: a trap */
        }
    } else {
        i = prev->link_epoch[0] == cpu->epoch ? 1 : 0;
        prev->link_pc[i] = cpu->pc;
    }
    prev->link[i] = b;
    prev->link_epoch[i] = cpu->epoch;
}

/* A fault before the first instruction of a block: reported at pc. */
static void raise_fetch_fault(RiscvCpu *cpu, uint64_t pc, uint64_t cause)
{
    RiscvInsn at = { .pc = pc, .idx = 0 };

    riscv_raise(cpu, &at, cause, pc);
}

/* Decodes from pc up to the first instruction that ends a block, the end
 * of the page or RISCV_BLOCK_MAX_INSNS. An instruction straddling two
 * pages is a block of its own, built from both pages and never cached
 * (either page may change mapping alone). NULL after a fetch fault. */
static RiscvBlock *build_block(RiscvCpu *cpu, uint64_t pc, uint64_t ppc,
                               const uint8_t *host)
{
    RiscvInsn tmp[RISCV_BLOCK_MAX_INSNS];
    unsigned n = 0;
    uint64_t at = pc;
    unsigned room = (unsigned)(RISCV_PAGE_SIZE - (pc & ~RISCV_PAGE_MASK));
    bool cached = true;
    RiscvBlock *b;

    while (n < RISCV_BLOCK_MAX_INSNS && room >= 2) {
        RiscvInsn *insn = &tmp[n];
        uint16_t lo;
        uint32_t raw;

        memcpy(&lo, host, 2);
        raw = lo;
        if ((lo & 3) == 3) {
            if (room < 4) {
                uint64_t ppc2, cause;
                const uint8_t *hi;
                uint16_t hi16;

                if (n > 0) {
                    break;
                }
                hi = riscv_fetch_host(cpu, at + 2, &ppc2, &cause);
                if (!hi) {
                    RiscvInsn here = { .pc = at, .idx = 0 };

                    /* epc is the instruction, tval the missing half. */
                    riscv_raise(cpu, &here, cause, at + 2);
                    return NULL;
                }
                memcpy(&hi16, hi, 2);
                raw |= (uint32_t)hi16 << 16;
                cached = false;
            } else {
                uint16_t hi16;

                memcpy(&hi16, host + 2, 2);
                raw |= (uint32_t)hi16 << 16;
            }
        }
        memset(insn, 0, sizeof(*insn));
        insn->pc = at;
        insn->idx = (uint16_t)n;
        riscv_decode(cpu, insn, raw);
        n++;
        at += insn->len;
        host += insn->len;
        room = room >= insn->len ? room - insn->len : 0;
        if (riscv_insn_ends_block(insn) || !cached) {
            break;
        }
    }
    b = g_malloc(sizeof(*b) + (n + 1) * sizeof(RiscvInsn));
    memset(b, 0, sizeof(*b));
    b->phys_pc = ppc;
    b->virt_pc = pc;
    b->n_insns = n;
    b->cached = cached;
    b->link_pc[0] = b->link_pc[1] = UINT64_MAX;
    b->link_epoch[0] = b->link_epoch[1] = UINT64_MAX;
    memcpy(b->insns, tmp, n * sizeof(RiscvInsn));
    memset(&b->insns[n], 0, sizeof(RiscvInsn));
    b->insns[n].fn = riscv_op_block_end;
    b->insns[n].pc = at;
    b->insns[n].idx = (uint16_t)n;
    /* In this order: set_static_links() knows the branches by their
     * base handlers, which forward_operands() may replace. */
    set_static_links(b);
    forward_operands(b);
    if (cached) {
        g_hash_table_add(cpu->blocks, b);
        mark_code_page(cpu, ppc & RISCV_PAGE_MASK);
        /* A bound on the cache (about 50 MiB at worst): past it, start
         * afresh at the next block boundary. */
        if (g_hash_table_size(cpu->blocks) > MAX_CACHED_BLOCKS) {
            cpu->code_dirty = true;
        }
    }
    return b;
}

static unsigned jmp_index(uint64_t ppc)
{
    return (unsigned)((ppc >> 1) ^ (ppc >> 13)) & (RISCV_JMP_CACHE_SIZE - 1);
}

/* The block at cpu->pc, or NULL when fetching it faulted (the trap is
 * then taken and pc is the handler's). */
static RiscvBlock *find_block(RiscvCpu *cpu)
{
    uint64_t pc = cpu->pc, ppc, cause;
    const uint8_t *host = riscv_fetch_host(cpu, pc, &ppc, &cause);
    RiscvBlock key, *b;
    unsigned slot;

    if (!host) {
        raise_fetch_fault(cpu, pc, cause);
        return NULL;
    }
    slot = jmp_index(ppc);
    b = cpu->jmp_cache[slot];
    if (b && b->phys_pc == ppc && b->virt_pc == pc) {
        return b;
    }
    key.phys_pc = ppc;
    key.virt_pc = pc;
    b = g_hash_table_lookup(cpu->blocks, &key);
    if (!b) {
        b = build_block(cpu, pc, ppc, host);
        if (!b || !b->cached) {
            return b;
        }
    }
    cpu->jmp_cache[slot] = b;
    return b;
}

static bool interrupt_pending(RiscvCpu *cpu)
{
    return (riscv_mip(cpu) & cpu->mie) != 0;
}

RiscvExitReason riscv_exec(RiscvCpu *cpu, uint64_t budget)
{
    RiscvBlock *prev = NULL;
    int64_t left = (int64_t)budget;

    /* Another hart may have run since we last did: its stores are not
     * tracked, so the reservation is gone, and the map may have moved. */
    cpu->reservation_valid = false;
    if (address_space_generation(cpu->as) != cpu->as_generation) {
        cpu->as_generation = address_space_generation(cpu->as);
        riscv_tlb_flush(cpu);
        cpu->code_dirty = true;
    }
    for (;;) {
        RiscvBlock *b = NULL;
        int64_t chain_start;
        uint64_t retired;

        if (__builtin_expect(cpu->code_dirty, 0)) {
            riscv_exec_flush_code(cpu);
            prev = NULL;
        }
        if (__builtin_expect(cpu->exit_request, 0)) {
            cpu->exit_request = false;
            return RISCV_EXIT_REQUESTED;
        }
        if (left <= 0) {
            return RISCV_EXIT_BUDGET;
        }
        if (__builtin_expect(interrupt_pending(cpu), 0) &&
            riscv_take_interrupt(cpu)) {
            prev = NULL;
        }
        /* Chained: the previous block already knows its successor. */
        if (prev) {
            for (unsigned i = 0; i < 2; i++) {
                if (prev->link_pc[i] == cpu->pc &&
                    prev->link_epoch[i] == cpu->epoch) {
                    b = prev->link[i];
                    break;
                }
            }
        }
        if (!b) {
            b = find_block(cpu);
            if (!b) {
                left--;         /* a fetch fault still makes progress */
                prev = NULL;
                continue;
            }
            if (prev && b->cached) {
                link_blocks(cpu, prev, b);
            }
        }
        chain_start = left < CHAIN_MAX_INSNS ? left : CHAIN_MAX_INSNS;
        cpu->chain_budget = chain_start;
        cpu->chain_block = b;
        cpu->block_retired = BLOCK_RAN_TO_END;
        b->insns[0].fn(cpu, b->insns, 0);
        b = cpu->chain_block;
        retired = (uint64_t)(chain_start - cpu->chain_budget) +
                  (cpu->block_retired == BLOCK_RAN_TO_END
                   ? b->n_insns : cpu->block_retired);
        if (!(cpu->mcountinhibit & 4)) {
            cpu->instret += retired;
        }
        if (!(cpu->mcountinhibit & 1)) {
            cpu->cycle += retired;
        }
        left -= retired ? (int64_t)retired : 1;
        if (!b->cached) {
            g_free(b);
            b = NULL;
        }
        prev = b;
        if (cpu->in_wfi) {
            cpu->in_wfi = false;
            if (!interrupt_pending(cpu)) {
                return RISCV_EXIT_WFI;
            }
        }
    }
}
