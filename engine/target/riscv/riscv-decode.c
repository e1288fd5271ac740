/* The decoder: one instruction's encoding to a RiscvInsn (handler,
 * registers, immediate). Compressed instructions are expanded to their
 * 32-bit equivalents first, so there is one decoder. An encoding the model
 * lacks gets riscv_op_illegal, which traps with the instruction bits as
 * mtval. See riscv-internal.h. */
#include "riscv-insn.h"

static inline int64_t sext(uint64_t v, unsigned bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static inline uint32_t bits(uint32_t v, unsigned hi, unsigned lo)
{
    return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}

/* Encoders for the expansion of C. */
static uint32_t enc_i(uint32_t op, uint32_t rd, uint32_t f3, uint32_t rs1,
                      int32_t imm)
{
    return ((uint32_t)imm << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}

static uint32_t enc_s(uint32_t op, uint32_t f3, uint32_t rs1, uint32_t rs2,
                      int32_t imm)
{
    uint32_t u = (uint32_t)imm;

    return (bits(u, 11, 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
           (bits(u, 4, 0) << 7) | op;
}

static uint32_t enc_r(uint32_t op, uint32_t rd, uint32_t f3, uint32_t rs1,
                      uint32_t rs2, uint32_t f7)
{
    return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) |
           op;
}

static uint32_t enc_b(uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;

    return (bits(u, 12, 12) << 31) | (bits(u, 10, 5) << 25) | (rs2 << 20) |
           (rs1 << 15) | (f3 << 12) | (bits(u, 4, 1) << 8) |
           (bits(u, 11, 11) << 7) | 0x63;
}

static uint32_t enc_j(uint32_t rd, int32_t imm)
{
    uint32_t u = (uint32_t)imm;

    return (bits(u, 20, 20) << 31) | (bits(u, 10, 1) << 21) |
           (bits(u, 11, 11) << 20) | (bits(u, 19, 12) << 12) | (rd << 7) |
           0x6f;
}

enum {
    OP_LOAD = 0x03, OP_LOAD_FP = 0x07, OP_MISC_MEM = 0x0f, OP_IMM = 0x13,
    OP_AUIPC = 0x17, OP_IMM_32 = 0x1b, OP_STORE = 0x23, OP_STORE_FP = 0x27,
    OP_AMO = 0x2f, OP_OP = 0x33, OP_LUI = 0x37, OP_OP_32 = 0x3b,
    OP_BRANCH = 0x63, OP_JALR = 0x67, OP_JAL = 0x6f, OP_SYSTEM = 0x73,
};

/* The 32-bit instruction a compressed one stands for; 0 when it is
 * reserved or illegal. */
static uint32_t expand_c(uint32_t c)
{
    uint32_t f3 = bits(c, 15, 13);
    uint32_t rd = bits(c, 11, 7);
    uint32_t rs2 = bits(c, 6, 2);
    uint32_t rdp = 8 + bits(c, 4, 2);      /* rd' / rs2' */
    uint32_t rs1p = 8 + bits(c, 9, 7);     /* rs1' */
    int32_t imm6 = (int32_t)sext((bits(c, 12, 12) << 5) | bits(c, 6, 2), 6);
    uint32_t uimm;

    switch (c & 3) {
    case 0:
        switch (f3) {
        case 0:     /* c.addi4spn */
            uimm = (bits(c, 12, 11) << 4) | (bits(c, 10, 7) << 6) |
                   (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 3);
            return uimm ? enc_i(OP_IMM, rdp, 0, 2, (int32_t)uimm) : 0;
        case 1:     /* c.fld */
        case 3:     /* c.ld */
            uimm = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
            return enc_i(f3 == 1 ? OP_LOAD_FP : OP_LOAD, rdp, 3, rs1p,
                         (int32_t)uimm);
        case 2:     /* c.lw */
            uimm = (bits(c, 12, 10) << 3) | (bits(c, 6, 6) << 2) |
                   (bits(c, 5, 5) << 6);
            return enc_i(OP_LOAD, rdp, 2, rs1p, (int32_t)uimm);
        case 5:     /* c.fsd */
        case 7:     /* c.sd */
            uimm = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
            return enc_s(f3 == 5 ? OP_STORE_FP : OP_STORE, 3, rs1p, rdp,
                         (int32_t)uimm);
        case 6:     /* c.sw */
            uimm = (bits(c, 12, 10) << 3) | (bits(c, 6, 6) << 2) |
                   (bits(c, 5, 5) << 6);
            return enc_s(OP_STORE, 2, rs1p, rdp, (int32_t)uimm);
        default:
            return 0;
        }
    case 1:
        switch (f3) {
        case 0:     /* c.addi (rd = 0: a hint) */
            return enc_i(OP_IMM, rd, 0, rd, imm6);
        case 1:     /* c.addiw */
            return rd ? enc_i(OP_IMM_32, rd, 0, rd, imm6) : 0;
        case 2:     /* c.li */
            return enc_i(OP_IMM, rd, 0, 0, imm6);
        case 3:
            if (rd == 2) {      /* c.addi16sp */
                int32_t imm = (int32_t)sext((bits(c, 12, 12) << 9) |
                                            (bits(c, 6, 6) << 4) |
                                            (bits(c, 5, 5) << 6) |
                                            (bits(c, 4, 3) << 7) |
                                            (bits(c, 2, 2) << 5), 10);
                return imm ? enc_i(OP_IMM, 2, 0, 2, imm) : 0;
            }
            /* c.lui */
            if (imm6 == 0) {
                return 0;
            }
            return ((uint32_t)imm6 << 12) | (rd << 7) | OP_LUI;
        case 4: {
            uint32_t shamt = (bits(c, 12, 12) << 5) | bits(c, 6, 2);

            switch (bits(c, 11, 10)) {
            case 0:     /* c.srli */
                return enc_i(OP_IMM, rs1p, 5, rs1p, (int32_t)shamt);
            case 1:     /* c.srai */
                return enc_i(OP_IMM, rs1p, 5, rs1p,
                             (int32_t)(shamt | 0x400));
            case 2:     /* c.andi */
                return enc_i(OP_IMM, rs1p, 7, rs1p, imm6);
            default: {
                static const uint8_t f3s[4] = { 0, 4, 6, 7 };
                unsigned sel = bits(c, 6, 5);

                if (!bits(c, 12, 12)) {     /* c.sub c.xor c.or c.and */
                    return enc_r(OP_OP, rs1p, f3s[sel], rs1p, rdp,
                                 sel == 0 ? 0x20 : 0);
                }
                if (sel == 0) {             /* c.subw */
                    return enc_r(OP_OP_32, rs1p, 0, rs1p, rdp, 0x20);
                }
                if (sel == 1) {             /* c.addw */
                    return enc_r(OP_OP_32, rs1p, 0, rs1p, rdp, 0);
                }
                return 0;
            }
            }
        }
        case 5: {   /* c.j */
            int32_t imm = (int32_t)sext((bits(c, 12, 12) << 11) |
                                        (bits(c, 11, 11) << 4) |
                                        (bits(c, 10, 9) << 8) |
                                        (bits(c, 8, 8) << 10) |
                                        (bits(c, 7, 7) << 6) |
                                        (bits(c, 6, 6) << 7) |
                                        (bits(c, 5, 3) << 1) |
                                        (bits(c, 2, 2) << 5), 12);
            return enc_j(0, imm);
        }
        default: {  /* c.beqz, c.bnez */
            int32_t imm = (int32_t)sext((bits(c, 12, 12) << 8) |
                                        (bits(c, 11, 10) << 3) |
                                        (bits(c, 6, 5) << 6) |
                                        (bits(c, 4, 3) << 1) |
                                        (bits(c, 2, 2) << 5), 9);
            return enc_b(f3 == 6 ? 0 : 1, rs1p, 0, imm);
        }
        }
    default:
        switch (f3) {
        case 0:     /* c.slli */
            return enc_i(OP_IMM, rd, 1, rd,
                         (int32_t)((bits(c, 12, 12) << 5) | bits(c, 6, 2)));
        case 1:     /* c.fldsp */
        case 3:     /* c.ldsp */
            uimm = (bits(c, 12, 12) << 5) | (bits(c, 6, 5) << 3) |
                   (bits(c, 4, 2) << 6);
            if (f3 == 3 && rd == 0) {
                return 0;
            }
            return enc_i(f3 == 1 ? OP_LOAD_FP : OP_LOAD, rd, 3, 2,
                         (int32_t)uimm);
        case 2:     /* c.lwsp */
            uimm = (bits(c, 12, 12) << 5) | (bits(c, 6, 4) << 2) |
                   (bits(c, 3, 2) << 6);
            return rd ? enc_i(OP_LOAD, rd, 2, 2, (int32_t)uimm) : 0;
        case 4:
            if (!bits(c, 12, 12)) {
                if (rs2 == 0) {     /* c.jr */
                    return rd ? enc_i(OP_JALR, 0, 0, rd, 0) : 0;
                }
                return enc_r(OP_OP, rd, 0, 0, rs2, 0);     /* c.mv */
            }
            if (rs2 == 0) {
                if (rd == 0) {
                    return 0x00100073;                      /* c.ebreak */
                }
                return enc_i(OP_JALR, 1, 0, rd, 0);         /* c.jalr */
            }
            return enc_r(OP_OP, rd, 0, rd, rs2, 0);         /* c.add */
        case 5:     /* c.fsdsp */
        case 7:     /* c.sdsp */
            uimm = (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6);
            return enc_s(f3 == 5 ? OP_STORE_FP : OP_STORE, 3, 2, rs2,
                         (int32_t)uimm);
        default:    /* c.swsp */
            uimm = (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6);
            return enc_s(OP_STORE, 2, 2, rs2, (int32_t)uimm);
        }
    }
}

static RiscvHandler *decode_op(const RiscvFeatures *ft, uint32_t f7,
                               uint32_t f3, uint32_t rs2)
{
    static RiscvHandler *const base[8] = {
        riscv_op_add, riscv_op_sll, riscv_op_slt, riscv_op_sltu,
        riscv_op_xor, riscv_op_srl, riscv_op_or, riscv_op_and,
    };
    static RiscvHandler *const mul[8] = {
        riscv_op_mul, riscv_op_mulh, riscv_op_mulhsu, riscv_op_mulhu,
        riscv_op_div, riscv_op_divu, riscv_op_rem, riscv_op_remu,
    };

    switch (f7) {
    case 0x00:
        return base[f3];
    case 0x01:
        return ft->m ? mul[f3] : NULL;
    case 0x20:
        switch (f3) {
        case 0: return riscv_op_sub;
        case 5: return riscv_op_sra;
        case 4: return ft->zbb ? riscv_op_xnor : NULL;
        case 6: return ft->zbb ? riscv_op_orn : NULL;
        case 7: return ft->zbb ? riscv_op_andn : NULL;
        default: return NULL;
        }
    case 0x10:
        if (!ft->zba) {
            return NULL;
        }
        return f3 == 2 ? riscv_op_sh1add : f3 == 4 ? riscv_op_sh2add
             : f3 == 6 ? riscv_op_sh3add : NULL;
    case 0x05:
        if (!ft->zbb || f3 < 4) {
            return NULL;
        }
        return f3 == 4 ? riscv_op_min : f3 == 5 ? riscv_op_minu
             : f3 == 6 ? riscv_op_max : riscv_op_maxu;
    case 0x30:
        if (!ft->zbb) {
            return NULL;
        }
        return f3 == 1 ? riscv_op_rol : f3 == 5 ? riscv_op_ror : NULL;
    case 0x24:
        if (!ft->zbs) {
            return NULL;
        }
        return f3 == 1 ? riscv_op_bclr : f3 == 5 ? riscv_op_bext : NULL;
    case 0x34:
        return ft->zbs && f3 == 1 ? riscv_op_binv : NULL;
    case 0x14:
        return ft->zbs && f3 == 1 ? riscv_op_bset : NULL;
    default:
        return NULL;
    }
}

static RiscvHandler *decode_op32(const RiscvFeatures *ft, uint32_t f7,
                                 uint32_t f3, uint32_t rs2)
{
    switch (f7) {
    case 0x00:
        return f3 == 0 ? riscv_op_addw : f3 == 1 ? riscv_op_sllw
             : f3 == 5 ? riscv_op_srlw : NULL;
    case 0x20:
        return f3 == 0 ? riscv_op_subw : f3 == 5 ? riscv_op_sraw : NULL;
    case 0x01: {
        static RiscvHandler *const mulw[8] = {
            riscv_op_mulw, NULL, NULL, NULL,
            riscv_op_divw, riscv_op_divuw, riscv_op_remw, riscv_op_remuw,
        };
        return ft->m ? mulw[f3] : NULL;
    }
    case 0x04:
        if (f3 == 0) {
            return ft->zba ? riscv_op_add_uw : NULL;
        }
        return ft->zbb && f3 == 4 && rs2 == 0 ? riscv_op_zext_h : NULL;
    case 0x10:
        if (!ft->zba) {
            return NULL;
        }
        return f3 == 2 ? riscv_op_sh1add_uw : f3 == 4 ? riscv_op_sh2add_uw
             : f3 == 6 ? riscv_op_sh3add_uw : NULL;
    case 0x30:
        if (!ft->zbb) {
            return NULL;
        }
        return f3 == 1 ? riscv_op_rolw : f3 == 5 ? riscv_op_rorw : NULL;
    default:
        return NULL;
    }
}

static RiscvHandler *decode_op_imm(const RiscvFeatures *ft, uint32_t raw,
                                   RiscvInsn *insn)
{
    uint32_t f3 = bits(raw, 14, 12);
    uint32_t f6 = bits(raw, 31, 26);
    uint32_t imm12 = bits(raw, 31, 20);

    switch (f3) {
    case 0: return riscv_op_addi;
    case 2: return riscv_op_slti;
    case 3: return riscv_op_sltiu;
    case 4: return riscv_op_xori;
    case 6: return riscv_op_ori;
    case 7: return riscv_op_andi;
    case 1:
        insn->imm = bits(raw, 25, 20);
        switch (f6) {
        case 0x00: return riscv_op_slli;
        case 0x12: return ft->zbs ? riscv_op_bclri : NULL;
        case 0x1a: return ft->zbs ? riscv_op_binvi : NULL;
        case 0x0a: return ft->zbs ? riscv_op_bseti : NULL;
        case 0x18:
            if (!ft->zbb) {
                return NULL;
            }
            switch (imm12) {
            case 0x600: return riscv_op_clz;
            case 0x601: return riscv_op_ctz;
            case 0x602: return riscv_op_cpop;
            case 0x604: return riscv_op_sext_b;
            case 0x605: return riscv_op_sext_h;
            default: return NULL;
            }
        default: return NULL;
        }
    default:    /* 5 */
        insn->imm = bits(raw, 25, 20);
        if (imm12 == 0x287) {
            return ft->zbb ? riscv_op_orc_b : NULL;
        }
        if (imm12 == 0x6b8) {
            return ft->zbb ? riscv_op_rev8 : NULL;
        }
        switch (f6) {
        case 0x00: return riscv_op_srli;
        case 0x10: return riscv_op_srai;
        case 0x18: return ft->zbb ? riscv_op_rori : NULL;
        case 0x12: return ft->zbs ? riscv_op_bexti : NULL;
        default: return NULL;
        }
    }
}

static RiscvHandler *decode_op_imm32(const RiscvFeatures *ft, uint32_t raw,
                                     RiscvInsn *insn)
{
    uint32_t f3 = bits(raw, 14, 12);
    uint32_t f7 = bits(raw, 31, 25);

    if (f3 == 0) {
        return riscv_op_addiw;
    }
    insn->imm = bits(raw, 24, 20);
    if (f3 == 1) {
        if (bits(raw, 31, 26) == 0x02) {
            insn->imm = bits(raw, 25, 20);
            return ft->zba ? riscv_op_slli_uw : NULL;
        }
        if (f7 == 0x00) {
            return riscv_op_slliw;
        }
        if (f7 == 0x30 && ft->zbb) {
            switch (bits(raw, 24, 20)) {
            case 0: return riscv_op_clzw;
            case 1: return riscv_op_ctzw;
            case 2: return riscv_op_cpopw;
            default: return NULL;
            }
        }
        return NULL;
    }
    if (f3 == 5) {
        return f7 == 0x00 ? riscv_op_srliw : f7 == 0x20 ? riscv_op_sraiw
             : (f7 == 0x30 && ft->zbb) ? riscv_op_roriw : NULL;
    }
    return NULL;
}

static RiscvHandler *decode_amo(const RiscvFeatures *ft, uint32_t raw)
{
    uint32_t f3 = bits(raw, 14, 12);
    uint32_t f5 = bits(raw, 31, 27);
    bool d = f3 == 3;

    if (!ft->a || (f3 != 2 && f3 != 3)) {
        return NULL;
    }
    switch (f5) {
    case 0x02: return bits(raw, 24, 20) ? NULL
                    : d ? riscv_op_lr_d : riscv_op_lr_w;
    case 0x03: return d ? riscv_op_sc_d : riscv_op_sc_w;
    case 0x01: return d ? riscv_op_amoswap_d : riscv_op_amoswap_w;
    case 0x00: return d ? riscv_op_amoadd_d : riscv_op_amoadd_w;
    case 0x04: return d ? riscv_op_amoxor_d : riscv_op_amoxor_w;
    case 0x0c: return d ? riscv_op_amoand_d : riscv_op_amoand_w;
    case 0x08: return d ? riscv_op_amoor_d : riscv_op_amoor_w;
    case 0x10: return d ? riscv_op_amomin_d : riscv_op_amomin_w;
    case 0x14: return d ? riscv_op_amomax_d : riscv_op_amomax_w;
    case 0x18: return d ? riscv_op_amominu_d : riscv_op_amominu_w;
    case 0x1c: return d ? riscv_op_amomaxu_d : riscv_op_amomaxu_w;
    default: return NULL;
    }
}

static RiscvHandler *decode_system(const RiscvFeatures *ft, uint32_t raw,
                                   RiscvInsn *insn)
{
    static RiscvHandler *const csr_ops[8] = {
        NULL, riscv_op_csrrw, riscv_op_csrrs, riscv_op_csrrc,
        NULL, riscv_op_csrrwi, riscv_op_csrrsi, riscv_op_csrrci,
    };
    uint32_t f3 = bits(raw, 14, 12);

    if (f3 != 0) {
        if (!ft->zicsr) {
            return NULL;
        }
        insn->csr = (uint16_t)bits(raw, 31, 20);
        insn->imm = bits(raw, 19, 15);
        return csr_ops[f3];
    }
    switch (raw) {
    case 0x00000073: return riscv_op_ecall;
    case 0x00100073: return riscv_op_ebreak;
    case 0x30200073: return riscv_op_mret;
    case 0x10200073: return ft->s ? riscv_op_sret : NULL;
    case 0x10500073: return riscv_op_wfi;
    default:
        if (bits(raw, 31, 25) == 0x09 && bits(raw, 11, 7) == 0) {
            return ft->s ? riscv_op_sfence_vma : NULL;
        }
        return NULL;
    }
}

static RiscvHandler *decode32(RiscvCpu *cpu, RiscvInsn *insn, uint32_t raw)
{
    const RiscvFeatures *ft = &cpu->feat;
    uint32_t f3 = bits(raw, 14, 12);
    uint32_t f7 = bits(raw, 31, 25);
    static RiscvHandler *const loads[8] = {
        riscv_op_lb, riscv_op_lh, riscv_op_lw, riscv_op_ld,
        riscv_op_lbu, riscv_op_lhu, riscv_op_lwu, NULL,
    };
    static RiscvHandler *const stores[8] = {
        riscv_op_sb, riscv_op_sh, riscv_op_sw, riscv_op_sd,
    };
    static RiscvHandler *const branches[8] = {
        riscv_op_beq, riscv_op_bne, NULL, NULL,
        riscv_op_blt, riscv_op_bge, riscv_op_bltu, riscv_op_bgeu,
    };

    insn->imm = sext(raw >> 20, 12);
    switch (raw & 0x7f) {
    case OP_LUI:
        insn->imm = sext(raw & 0xfffff000u, 32);
        return riscv_op_li;
    case OP_AUIPC:
        insn->imm = (int64_t)(insn->pc + (uint64_t)sext(raw & 0xfffff000u,
                                                         32));
        return riscv_op_li;
    case OP_JAL:
        insn->imm = sext((bits(raw, 31, 31) << 20) | (bits(raw, 19, 12) << 12) |
                         (bits(raw, 20, 20) << 11) | (bits(raw, 30, 21) << 1),
                         21);
        return riscv_op_jal;
    case OP_JALR:
        return f3 == 0 ? riscv_op_jalr : NULL;
    case OP_BRANCH:
        insn->imm = sext((bits(raw, 31, 31) << 12) | (bits(raw, 7, 7) << 11) |
                         (bits(raw, 30, 25) << 5) | (bits(raw, 11, 8) << 1),
                         13);
        return branches[f3];
    case OP_LOAD:
        return loads[f3];
    case OP_STORE:
        insn->imm = sext((bits(raw, 31, 25) << 5) | bits(raw, 11, 7), 12);
        return f3 < 4 ? stores[f3] : NULL;
    case OP_IMM:
        return decode_op_imm(ft, raw, insn);
    case OP_IMM_32:
        return decode_op_imm32(ft, raw, insn);
    case OP_OP:
        return decode_op(ft, f7, f3, bits(raw, 24, 20));
    case OP_OP_32:
        return decode_op32(ft, f7, f3, bits(raw, 24, 20));
    case OP_MISC_MEM:
        if (f3 == 0) {
            return riscv_op_nop;    /* fence, pause: one hart at a time */
        }
        return f3 == 1 && ft->zifencei ? riscv_op_fence_i : NULL;
    case OP_AMO:
        return decode_amo(ft, raw);
    case OP_SYSTEM:
        return decode_system(ft, raw, insn);
    default:
        return NULL;
    }
}

void riscv_decode(RiscvCpu *cpu, RiscvInsn *insn, uint32_t raw)
{
    uint32_t full = raw;
    RiscvHandler *fn = NULL;

    insn->len = 4;
    if ((raw & 3) != 3) {
        raw &= 0xffff;
        insn->len = 2;
        full = cpu->feat.c ? expand_c(raw) : 0;
    }
    insn->raw = raw;
    insn->rd = (uint8_t)bits(full, 11, 7);
    insn->rs1 = (uint8_t)bits(full, 19, 15);
    insn->rs2 = (uint8_t)bits(full, 24, 20);
    insn->rs3 = (uint8_t)bits(full, 31, 27);
    insn->rm = (uint8_t)bits(full, 14, 12);
    insn->csr = 0;
    if (full) {
        if (riscv_fp_decode(cpu, insn, full)) {
            return;
        }
        fn = decode32(cpu, insn, full);
    }
    if (insn->rd == 0) {
        insn->rd = 32;      /* writes to x0 land in the scratch slot */
    }
    insn->fn = fn ? fn : riscv_op_illegal;
}

bool riscv_insn_ends_block(const RiscvInsn *insn)
{
    RiscvHandler *fn = insn->fn;

    return fn == riscv_op_beq || fn == riscv_op_bne || fn == riscv_op_blt ||
           fn == riscv_op_bge || fn == riscv_op_bltu || fn == riscv_op_bgeu ||
           fn == riscv_op_jal || fn == riscv_op_jalr ||
           fn == riscv_op_illegal || fn == riscv_op_ecall ||
           fn == riscv_op_ebreak || fn == riscv_op_mret ||
           fn == riscv_op_sret || fn == riscv_op_wfi ||
           fn == riscv_op_fence_i || fn == riscv_op_sfence_vma ||
           fn == riscv_op_csrrw || fn == riscv_op_csrrs ||
           fn == riscv_op_csrrc || fn == riscv_op_csrrwi ||
           fn == riscv_op_csrrsi || fn == riscv_op_csrrci ||
           fn == riscv_op_sc_w || fn == riscv_op_sc_d;
}
