/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ARM PrimeCell UART (PL011) r1p5 register offsets and bits, named as in
 * the TRM (ARM DDI 0183G).  Shared by the model, its tests and anything
 * that decodes guest accesses for logs.
 */
#ifndef PL011_REGS_H
#define PL011_REGS_H

#define PL011_DR		0x000	/* data; reads carry error bits 11:8 */
#define PL011_RSR		0x004	/* read: receive status */
#define PL011_ECR		0x004	/* write: error clear */
#define PL011_FR		0x018	/* flags */
#define PL011_ILPR		0x020	/* IrDA low-power counter */
#define PL011_IBRD		0x024	/* integer baud divisor */
#define PL011_FBRD		0x028	/* fractional baud divisor */
#define PL011_LCR_H		0x02c	/* line control */
#define PL011_CR		0x030	/* control */
#define PL011_IFLS		0x034	/* interrupt FIFO level select */
#define PL011_IMSC		0x038	/* interrupt mask set/clear */
#define PL011_RIS		0x03c	/* raw interrupt status */
#define PL011_MIS		0x040	/* masked interrupt status */
#define PL011_ICR		0x044	/* interrupt clear (write one to clear) */
#define PL011_DMACR		0x048	/* DMA control */
#define PL011_ITCR		0x080	/* test registers 0x080-0x08c: RAZ/WI */
#define PL011_PERIPHID0		0xfe0	/* PeriphID0-3, PCellID0-3 at 0xfe0-0xffc */
#define PL011_PCELLID0		0xff0

/* DR read and RSR: receive error bits (DR bits 11:8 == RSR bits 3:0). */
#define PL011_DR_FE		(1u << 8)
#define PL011_DR_PE		(1u << 9)
#define PL011_DR_BE		(1u << 10)
#define PL011_DR_OE		(1u << 11)
#define PL011_DR_ERRORS		0xf00u
#define PL011_RSR_FE		(1u << 0)
#define PL011_RSR_PE		(1u << 1)
#define PL011_RSR_BE		(1u << 2)
#define PL011_RSR_OE		(1u << 3)

#define PL011_FR_CTS		(1u << 0)
#define PL011_FR_DSR		(1u << 1)
#define PL011_FR_DCD		(1u << 2)
#define PL011_FR_BUSY		(1u << 3)
#define PL011_FR_RXFE		(1u << 4)
#define PL011_FR_TXFF		(1u << 5)
#define PL011_FR_RXFF		(1u << 6)
#define PL011_FR_TXFE		(1u << 7)
#define PL011_FR_RI		(1u << 8)
#define PL011_FR_MODEM		(PL011_FR_CTS | PL011_FR_DSR | PL011_FR_DCD | \
				 PL011_FR_RI)

#define PL011_LCR_H_BRK		(1u << 0)
#define PL011_LCR_H_PEN		(1u << 1)
#define PL011_LCR_H_EPS		(1u << 2)
#define PL011_LCR_H_STP2	(1u << 3)
#define PL011_LCR_H_FEN		(1u << 4)
#define PL011_LCR_H_WLEN_8	(3u << 5)
#define PL011_LCR_H_WLEN(v)	(((v) >> 5) & 3u)	/* 0: 5 bits .. 3: 8 */
#define PL011_LCR_H_SPS		(1u << 7)

#define PL011_CR_UARTEN		(1u << 0)
#define PL011_CR_SIREN		(1u << 1)
#define PL011_CR_SIRLP		(1u << 2)
#define PL011_CR_LBE		(1u << 7)
#define PL011_CR_TXE		(1u << 8)
#define PL011_CR_RXE		(1u << 9)
#define PL011_CR_DTR		(1u << 10)
#define PL011_CR_RTS		(1u << 11)
#define PL011_CR_OUT1		(1u << 12)
#define PL011_CR_OUT2		(1u << 13)
#define PL011_CR_RTSEN		(1u << 14)
#define PL011_CR_CTSEN		(1u << 15)

/* IFLS: TX level in bits 2:0, RX level in bits 5:3. */
#define PL011_IFLS_TX(x)	((x) & 7u)
#define PL011_IFLS_RX(x)	(((x) >> 3) & 7u)

/* IMSC, RIS, MIS and ICR share one layout. */
#define PL011_INT_RI		(1u << 0)
#define PL011_INT_CTS		(1u << 1)
#define PL011_INT_DCD		(1u << 2)
#define PL011_INT_DSR		(1u << 3)
#define PL011_INT_RX		(1u << 4)
#define PL011_INT_TX		(1u << 5)
#define PL011_INT_RT		(1u << 6)
#define PL011_INT_FE		(1u << 7)
#define PL011_INT_PE		(1u << 8)
#define PL011_INT_BE		(1u << 9)
#define PL011_INT_OE		(1u << 10)
#define PL011_INT_MODEM		(PL011_INT_RI | PL011_INT_CTS | \
				 PL011_INT_DCD | PL011_INT_DSR)
#define PL011_INT_ERRORS	(PL011_INT_FE | PL011_INT_PE | \
				 PL011_INT_BE | PL011_INT_OE)

#define PL011_DMACR_RXDMAE	(1u << 0)
#define PL011_DMACR_TXDMAE	(1u << 1)
#define PL011_DMACR_DMAONERR	(1u << 2)

/* Writable bits of each register (TRM register widths; CR 6:3 reserved). */
#define PL011_ILPR_MASK		0xffu
#define PL011_IBRD_MASK		0xffffu
#define PL011_FBRD_MASK		0x3fu
#define PL011_LCR_H_MASK	0xffu
#define PL011_CR_MASK		0xff87u
#define PL011_IFLS_MASK		0x3fu
#define PL011_INT_MASK		0x7ffu
#define PL011_DMACR_MASK	0x7u

/* r1p5 identification: PeriphID 0x00341011, PCellID 0xb105f00d. */
#define PL011_PERIPHID		0x00341011u
#define PL011_PCELLID		0xb105f00du

#endif
