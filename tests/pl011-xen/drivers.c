// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest drivers' register sequences (see drivers.h).  Followed:
 * Linux 6.1 drivers/tty/serial/amba-pl011.c and drivers/amba/bus.c,
 * U-Boot drivers/serial/serial_pl01x.c, EDK2 ArmPlatformPkg
 * PL011UartLib.c, each as its source does it; the same
 * sequences as the model-level replays in tests/pl011/, here as real
 * loads and stores of a vCPU.  The daemon runs its default firmware reset
 * mode (UART on, 8N1, FIFOs on, 115200 at 24 MHz).
 */
#include <string.h>

#include "drivers.h"

#define AMBA_ISR_PASS_LIMIT	256u
#define FIFO_TO_TTY_LIMIT	256u
#define TX_IRQ_WAIT_MS		5000
/* 24 MHz * 4 / 115200 = 833 = 13 * 64 + 1 */
#define IBRD_115200		13u
#define FBRD_115200		1u
#define LCR_H_8N1_FIFO		(PL011_LCR_H_WLEN_8 | PL011_LCR_H_FEN)
#define ICR_STARTUP		0x07d0u	/* OE|BE|PE|FE|RT|RX */
#define INT_RX_RT		(PL011_INT_RX | PL011_INT_RT)
#define INT_MODEM		0x000fu	/* RI|CTS|DCD|DSR */
#define FR_STATE	(PL011_FR_BUSY | PL011_FR_RXFE | PL011_FR_TXFF | \
			 PL011_FR_RXFF | PL011_FR_TXFE)
#define UARTPID2		0xfe8u

/* r1p5 PeriphID 0x00341011, PCellID 0xb105f00d (TRM). */
static const uint8_t id_bytes[8] = {
	0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

static uint32_t rd(struct port *p, uint32_t reg)
{
	return (uint32_t)uart_rd(p->u, reg, p->drv->width);
}

static void wr(struct port *p, uint32_t reg, uint32_t val)
{
	uart_wr(p->u, reg, p->drv->width, val);
}

static void lock(struct port *p)
{
	if (p->lock)
		pthread_mutex_lock(p->lock);
}

static void unlock(struct port *p)
{
	if (p->lock)
		pthread_mutex_unlock(p->lock);
}

/* A busy-wait a driver cannot leave otherwise: the guest hangs. */
static void spin(struct port *p, unsigned int fr_width, uint32_t mask,
		 uint32_t want, const char *what)
{
	if (!uart_spin(p->u, PL011_FR, fr_width, mask, want, UART_SPIN_MS))
		uart_die("vCPU %u hangs: %s for %d ms", p->u->vcpu, what,
			 UART_SPIN_MS);
}

/* The polled putc most drivers share: FR.TXFF clear, then DR. */
static void putc_polled(struct port *p, unsigned int fr_width, uint8_t c)
{
	spin(p, fr_width, PL011_FR_TXFF, 0, "FR.TXFF stays set");
	uart_wr(p->u, PL011_DR, p->drv->dr_width, c);
}

/* '\r' before '\n', as uart_console_write() and U-Boot's puts do. */
static void putc_crlf(struct port *p, uint8_t c)
{
	if (c == '\n')
		putc_polled(p, p->drv->width, '\r');
	putc_polled(p, p->drv->width, c);
}

static void keep(struct port *p, uint32_t dr)
{
	uart_check(!(dr & PL011_DR_ERRORS), "DR 0x%03x carries no error bits",
		   dr);
	if (p->rx_len < p->rx_max)
		p->rx[p->rx_len++] = (uint8_t)dr;
}

/* ---- Linux amba-pl011 ------------------------------------------------ */

/* amba_read_periphid(): readl of the low byte of each ID register. */
static void amba_probe(struct port *p)
{
	uint32_t pid = 0, cid = 0, v;

	for (unsigned int i = 0; i < 8; i++) {
		v = (uint32_t)uart_rd(p->u, PL011_PERIPHID0 + 4 * i, 4);
		uart_check(v == id_bytes[i], "ID register 0x%03x reads 0x%x, "
			   "want 0x%x", PL011_PERIPHID0 + 4 * i, v,
			   id_bytes[i]);
		if (i < 4)
			pid |= (v & 0xff) << (8 * i);
		else
			cid |= (v & 0xff) << (8 * (i - 4));
	}
	uart_check(cid == 0xb105f00d, "cid 0x%08x is AMBA_CID", cid);
	uart_check((pid & 0x000fffff) == 0x00041011,
		   "periphid 0x%08x matches vendor_arm", pid);
	/* get_fifosize_arm(): amba_rev() < 3 ? 16 : 32 */
	p->fifosize = ((pid >> 20) & 0xf) < 3 ? 16 : 32;
}

/* pl011_set_mctrl(): read-modify-write of CR's modem outputs. */
static void linux_set_mctrl(struct port *p, uint32_t dtr_rts)
{
	uint32_t cr = rd(p, PL011_CR);

	wr(p, PL011_CR, (cr & ~(PL011_CR_DTR | PL011_CR_RTS)) | dtr_rts);
}

/* pl011_set_termios() for 115200n8: divisors, then LCR_H, then CR. */
static void linux_set_termios(struct port *p)
{
	uint32_t cr = rd(p, PL011_CR);

	wr(p, PL011_FBRD, FBRD_115200);
	wr(p, PL011_IBRD, IBRD_115200);
	wr(p, PL011_LCR_H, LCR_H_8N1_FIFO);
	wr(p, PL011_CR, cr & ~(PL011_CR_CTSEN | PL011_CR_RTSEN));
	/* What pl011_console_get_options() would read back. */
	uart_check(rd(p, PL011_IBRD) == IBRD_115200 &&
		   rd(p, PL011_FBRD) == FBRD_115200 &&
		   rd(p, PL011_LCR_H) == LCR_H_8N1_FIFO,
		   "115200n8 reads back from IBRD/FBRD/LCR_H");
}

/* pl011_hwinit() and pl011_allocate_irq(). */
static void linux_hwinit(struct port *p)
{
	uint32_t im;

	wr(p, PL011_ICR, ICR_STARTUP);
	im = rd(p, PL011_IMSC);
	wr(p, PL011_IMSC, INT_RX_RT);	/* "for NMI entry" */
	wr(p, PL011_IMSC, im);
}

/* pl011_enable_interrupts(): ICR, drain stale input, IMSC. */
static void linux_enable_interrupts(struct port *p)
{
	unsigned int stale = 0;

	wr(p, PL011_ICR, INT_RX_RT);
	while (stale < p->fifosize * 2 && !(rd(p, PL011_FR) & PL011_FR_RXFE)) {
		rd(p, PL011_DR);
		stale++;
	}
	uart_check(stale == 0, "no stale input at startup (%u drained)",
		   stale);
	p->im = INT_RX_RT;
	wr(p, PL011_IMSC, p->im);
}

static void amba_init(struct port *p)
{
	uint32_t cr, fr;

	amba_probe(p);
	/* pl011_register_port(), uart_configure_port() */
	wr(p, PL011_IMSC, 0);
	wr(p, PL011_ICR, 0xffff);
	linux_set_mctrl(p, 0);
	linux_set_termios(p);		/* console=ttyAMA0,115200n8 */
	/* pl011_startup() */
	linux_hwinit(p);
	wr(p, PL011_IFLS, 0x12);	/* vendor_arm: RX4_8 | TX4_8 */
	cr = rd(p, PL011_CR) & (PL011_CR_RTS | PL011_CR_DTR);
	wr(p, PL011_CR, cr | PL011_CR_UARTEN | PL011_CR_RXE | PL011_CR_TXE);
	fr = rd(p, PL011_FR);
	uart_check((fr & FR_STATE) == (PL011_FR_TXFE | PL011_FR_RXFE),
		   "FR 0x%03x idle after startup", fr);
	linux_enable_interrupts(p);
	/* uart_port_startup(): termios, then DTR and RTS up. */
	linux_set_termios(p);
	linux_set_mctrl(p, PL011_CR_DTR | PL011_CR_RTS);
}

/* sbsa_uart: no IDs, no CR/LCR_H/IBRD/IFLS, fixed 32-byte FIFO. */
static void sbsa_init(struct port *p)
{
	p->fifosize = 32;
	wr(p, PL011_IMSC, 0);
	wr(p, PL011_ICR, 0xffff);
	linux_hwinit(p);
	linux_enable_interrupts(p);
}

/*
 * pl011_console_write(): CR forced on (not for SBSA, always_enabled),
 * TXFF before each character, BUSY at the end, CR restored.
 */
static void linux_write_line(struct port *p, const uint8_t *s, size_t len)
{
	bool sbsa = p->drv->always_enabled;
	uint32_t old_cr = 0;

	lock(p);
	if (!sbsa) {
		old_cr = rd(p, PL011_CR);
		wr(p, PL011_CR, (old_cr & ~PL011_CR_CTSEN) | PL011_CR_UARTEN |
		   PL011_CR_TXE);
	}
	for (size_t i = 0; i < len; i++)
		putc_crlf(p, s[i]);
	spin(p, p->drv->width, PL011_FR_BUSY, 0, "FR.BUSY stays set");
	if (!sbsa)
		wr(p, PL011_CR, old_cr);
	unlock(p);
}

/* pl011_fifo_to_tty(): FR then DR until RXFE, at most 256. */
static void fifo_to_tty(struct port *p)
{
	for (unsigned int n = 0; n < FIFO_TO_TTY_LIMIT; n++) {
		if (p->rx_len == p->rx_max ||
		    (rd(p, PL011_FR) & PL011_FR_RXFE))
			break;
		keep(p, rd(p, PL011_DR));
	}
}

static bool linux_tx_chars(struct port *p, bool from_irq);

/* pl011_int(): RIS & im, acknowledge only what ICR may clear. */
static void linux_isr(struct port *p)
{
	unsigned int passes = AMBA_ISR_PASS_LIMIT;
	uint32_t status = rd(p, PL011_RIS) & p->im;

	while (status && passes--) {
		wr(p, PL011_ICR, status & ~(PL011_INT_TX | INT_RX_RT));
		if (status & INT_RX_RT)
			fifo_to_tty(p);
		if (status & INT_MODEM)
			rd(p, PL011_FR);	/* pl011_modem_status() */
		if (status & PL011_INT_TX) {
			p->tx_irqs++;
			linux_tx_chars(p, true);
		}
		if ((status & INT_RX_RT) && p->rx_len == p->rx_max)
			break;		/* the tty is full: throttle */
		status = rd(p, PL011_RIS) & p->im;
	}
}

/* pl011_tx_char(): only the start_tx path looks at TXFF first. */
static bool linux_tx_char(struct port *p, uint8_t c, bool from_irq)
{
	if (!from_irq && (rd(p, PL011_FR) & PL011_FR_TXFF))
		return false;
	wr(p, PL011_DR, c);
	return true;
}

/*
 * pl011_tx_chars(): half a FIFO per TX interrupt, as much as fits from
 * start_tx; true while bytes remain (TX interrupt stays unmasked).
 */
static bool linux_tx_chars(struct port *p, bool from_irq)
{
	unsigned int count = p->fifosize >> 1;

	while (p->tx_pos < p->tx_len) {
		if (from_irq && count-- == 0)
			return true;
		if (!linux_tx_char(p, p->tx[p->tx_pos], from_irq))
			return true;
		p->tx_pos++;
	}
	p->im &= ~PL011_INT_TX;		/* pl011_stop_tx() */
	wr(p, PL011_IMSC, p->im);
	return false;
}

void linux_tty_write(struct port *p, const uint8_t *buf, size_t len)
{
	p->tx = buf;
	p->tx_len = len;
	p->tx_pos = 0;
	lock(p);
	if (linux_tx_chars(p, false)) {	/* pl011_start_tx_pio() */
		p->im |= PL011_INT_TX;
		wr(p, PL011_IMSC, p->im);
	}
	unlock(p);
	while (p->tx_pos < p->tx_len) {
		if (!uart_take_irq(p->u, TX_IRQ_WAIT_MS)) {
			uart_check(false, "tty write: no TX interrupt in %d ms "
				   "with %zu of %zu bytes written",
				   TX_IRQ_WAIT_MS, p->tx_pos, p->tx_len);
			return;
		}
		lock(p);
		linux_isr(p);
		unlock(p);
	}
}

/*
 * Interrupt-driven input: the SPI, then the handler, as the GIC driver
 * runs it.  Input found waiting without an SPI is a lost interrupt.
 */
static void linux_read(struct port *p, int quiet_ms)
{
	while (p->rx_len < p->rx_max) {
		if (uart_take_irq(p->u, quiet_ms)) {
			lock(p);
			linux_isr(p);
			unlock(p);
			continue;
		}
		if (rd(p, PL011_FR) & PL011_FR_RXFE)
			return;
		p->missed_irqs++;
		uart_check(false, "input waits in the FIFO (RIS 0x%x) but "
			   "SPI %u never came in %d ms", rd(p, PL011_RIS),
			   p->u->spi, quiet_ms);
		return;
	}
}

/* ---- FreeBSD uart_dev_pl011.c: blind batches, the TX interrupt ------ */

#define FREEBSD_IMSC	(PL011_INT_RX | PL011_INT_RT | PL011_INT_TX)
#define FREEBSD_TXFIFO	24	/* uart_pl011_bus_probe(), revision 3 */

/* uart_pl011_init() at 115200 8N1, then uart_pl011_bus_attach(). */
static void freebsd_init(struct port *p)
{
	wr(p, PL011_IMSC, 0);
	wr(p, PL011_CR, 0);
	wr(p, PL011_IBRD, IBRD_115200);
	wr(p, PL011_FBRD, 1);
	wr(p, PL011_LCR_H, PL011_LCR_H_WLEN_8 | PL011_LCR_H_FEN);
	wr(p, PL011_IFLS, 0x19);		/* RX 6/8, TX 2/8 */
	wr(p, PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
	rd(p, UARTPID2);			/* the revision: FIFO sizes */
	wr(p, PL011_IMSC, FREEBSD_IMSC);
	wr(p, PL011_ICR, 0x7ff);
}

/*
 * uart_intr() with uart_pl011_bus_ipend(): MIS until nothing is pending;
 * a TX interrupt is masked once seen and ends the batch.
 */
static bool freebsd_isr(struct port *p)
{
	bool tx_idle = false;
	uint32_t mis;

	while ((mis = rd(p, PL011_MIS)) != 0) {
		if (mis & INT_RX_RT)
			while (p->rx_len < p->rx_max &&
			       !(rd(p, PL011_FR) & PL011_FR_RXFE))
				keep(p, rd(p, PL011_DR));
		if (mis & PL011_INT_TX) {
			p->tx_irqs++;
			tx_idle = true;
			wr(p, PL011_IMSC, FREEBSD_IMSC & ~PL011_INT_TX);
		}
		if ((mis & INT_RX_RT) && p->rx_len == p->rx_max)
			break;
	}
	return tx_idle;
}

/*
 * uart_pl011_bus_transmit(): a batch written blind, TX unmasked; the next
 * batch only from the TX interrupt (uart_tty_outwakeup()).
 */
static void freebsd_write_line(struct port *p, const uint8_t *s, size_t len)
{
	size_t at = 0, n;
	bool idle;

	while (at < len) {
		n = len - at < FREEBSD_TXFIFO ? len - at : FREEBSD_TXFIFO;
		lock(p);
		for (size_t i = 0; i < n; i++)
			wr(p, PL011_DR, s[at + i]);
		wr(p, PL011_IMSC, FREEBSD_IMSC);
		unlock(p);
		at += n;
		do {
			if (!uart_take_irq(p->u, TX_IRQ_WAIT_MS)) {
				uart_check(false, "freebsd: no TX interrupt in "
					   "%d ms with %zu of %zu bytes written",
					   TX_IRQ_WAIT_MS, at, len);
				return;
			}
			lock(p);
			idle = freebsd_isr(p);
			unlock(p);
		} while (!idle);
	}
}

/* ---- Linux earlycon, U-Boot, EDK2: polled --------------------------- */

static void no_init(struct port *p)
{
	(void)p;
}

/* pl011_early_write(): per character TXFF, DR, then BUSY; all readl. */
static void earlycon_write_line(struct port *p, const uint8_t *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			putc_polled(p, 4, '\r');
			spin(p, 4, PL011_FR_BUSY, 0, "FR.BUSY stays set");
		}
		putc_polled(p, 4, s[i]);
		spin(p, 4, PL011_FR_BUSY, 0, "FR.BUSY stays set");
	}
}

/*
 * A driver that never looks at FR (Arm's BSA compliance suite prints a
 * message that way): DR, byte after byte.
 */
static void blind_write_line(struct port *p, const uint8_t *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		wr(p, PL011_DR, s[i]);
}

/* pl01x_serial_probe() and setbrg at 115200 (all 32-bit). */
static void uboot_init(struct port *p)
{
	wr(p, PL011_CR, 0);
	wr(p, PL011_IBRD, IBRD_115200);
	wr(p, PL011_FBRD, FBRD_115200);
	wr(p, PL011_LCR_H, LCR_H_8N1_FIFO);	/* latches the divisors */
	wr(p, PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE |
	   PL011_CR_RTS);
	uart_check(rd(p, PL011_CR) == 0x0b01, "CR reads back 0x0b01");
}

static void uboot_write_line(struct port *p, const uint8_t *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		putc_crlf(p, s[i]);	/* pl01x_putc: -EAGAIN while TXFF */
}

/*
 * PL011UartInitializePort(): FIFO depth from PID2, nothing to do when
 * the UART already runs 115200 8N1 (the firmware reset), else TXFE, then
 * reprogram with CR off.
 */
static void edk2_init(struct port *p)
{
	uint32_t pid2 = rd(p, UARTPID2);

	p->fifosize = ((pid2 >> 4) & 0xf) > 2 ? 32 : 16;
	uart_check(p->fifosize == 32, "PID2 0x%x: r1p5, 32-deep FIFO", pid2);
	if ((rd(p, PL011_CR) & PL011_CR_UARTEN) &&
	    rd(p, PL011_LCR_H) == LCR_H_8N1_FIFO &&
	    rd(p, PL011_IBRD) == IBRD_115200 &&
	    rd(p, PL011_FBRD) == FBRD_115200)
		return;
	spin(p, 4, PL011_FR_TXFE, PL011_FR_TXFE, "FR.TXFE stays clear");
	wr(p, PL011_CR, 0);
	wr(p, PL011_IBRD, IBRD_115200);
	wr(p, PL011_FBRD, FBRD_115200);
	wr(p, PL011_LCR_H, LCR_H_8N1_FIFO);
	wr(p, PL011_ECR, 0);
	wr(p, PL011_CR, PL011_CR_RXE | PL011_CR_TXE | PL011_CR_UARTEN);
}

/* PL011UartWrite(): raw bytes, FR.TXFF (32-bit) then an 8-bit DR. */
static void edk2_write_line(struct port *p, const uint8_t *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		putc_polled(p, 4, s[i]);
}

/*
 * Polled input (earlycon getc, U-Boot tstc/getc, EDK2 PL011UartRead):
 * FR.RXFE with a 32-bit read, then DR at the driver's width.
 */
static void polled_read(struct port *p, int quiet_ms)
{
	while (p->rx_len < p->rx_max) {
		if (!uart_spin(p->u, PL011_FR, 4, PL011_FR_RXFE, 0, quiet_ms))
			return;
		keep(p, (uint32_t)uart_rd(p->u, PL011_DR, p->drv->dr_width));
	}
}

static const struct driver drivers[] = {
	{ "linux-amba", 2, 2, false, amba_init, linux_write_line,
	  linux_read },
	{ "linux-sbsa", 4, 4, true, sbsa_init, linux_write_line, linux_read },
	{ "earlycon", 4, 1, false, no_init, earlycon_write_line,
	  polled_read },
	{ "earlycon-mmio32", 4, 4, false, no_init, earlycon_write_line,
	  polled_read },
	{ "u-boot", 4, 4, false, uboot_init, uboot_write_line, polled_read },
	{ "edk2", 4, 1, false, edk2_init, edk2_write_line, polled_read },
	{ "blind", 4, 4, false, no_init, blind_write_line, polled_read },
	{ "freebsd", 4, 4, false, freebsd_init, freebsd_write_line,
	  polled_read },
};

const struct driver *driver_find(const char *name)
{
	for (size_t i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (!strcmp(drivers[i].name, name))
			return &drivers[i];
	return NULL;
}

const char *driver_names(void)
{
	return "linux-amba, linux-sbsa, earlycon, earlycon-mmio32, u-boot, "
	       "edk2";
}

void port_init(struct port *p, struct uart *u, const struct driver *drv,
	       pthread_mutex_t *port_lock)
{
	*p = (struct port){ .u = u, .drv = drv, .lock = port_lock };
}

void port_write(struct port *p, const uint8_t *buf, size_t len)
{
	const uint8_t *nl;
	size_t n;

	while (len) {
		nl = memchr(buf, '\n', len);
		n = nl ? (size_t)(nl - buf) + 1 : len;
		p->drv->write_line(p, buf, n);
		buf += n;
		len -= n;
	}
}

size_t port_read(struct port *p, uint8_t *buf, size_t want, int quiet_ms)
{
	p->rx = buf;
	p->rx_len = 0;
	p->rx_max = want;
	p->drv->read(p, quiet_ms);
	return p->rx_len;
}
