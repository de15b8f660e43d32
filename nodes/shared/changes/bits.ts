/*
 * Most-significant-bit-first bit streams. Values up to 2^53 are written in chunks of at most
 * 24 bits so that the pending bits always fit a 32-bit integer.
 */
const CHUNK_BITS = 24;
const CHUNK = 2 ** CHUNK_BITS;
const MAX_EXP_GOLOMB_BITS = 54;

export function bitLength(value: number): number {
	return value < 2 ** 32 ? 32 - Math.clz32(value) : 64 - Math.clz32(Math.floor(value / 2 ** 32));
}

export class BitWriter {
	private bytes: Uint8Array;
	private byteCount = 0;
	private pending = 0;
	private pendingBits = 0;

	constructor(expectedBytes: number) {
		this.bytes = new Uint8Array(Math.max(16, expectedBytes));
	}

	/** `value` must be an integer in [0, 2^width). */
	write(value: number, width: number): void {
		if (width > CHUNK_BITS) {
			const low = value % CHUNK;
			this.write((value - low) / CHUNK, width - CHUNK_BITS);
			this.writeChunk(low, CHUNK_BITS);
		} else {
			this.writeChunk(value, width);
		}
	}

	/** Exponential-Golomb code: order + 1 bits below 2^order, two more per doubling above. */
	writeExpGolomb(value: number, order: number): void {
		const low = value % 2 ** order;
		const prefixed = (value - low) / 2 ** order + 1;
		const width = bitLength(prefixed);
		this.write(0, width - 1);
		this.write(prefixed, width);
		this.write(low, order);
	}

	/** The bytes written so far, the last one padded with zero bits. */
	finish(): Uint8Array {
		if (this.pendingBits > 0) this.writeChunk(0, 8 - this.pendingBits);
		return this.bytes.subarray(0, this.byteCount);
	}

	private writeChunk(value: number, width: number): void {
		this.pending = (this.pending << width) | value;
		this.pendingBits += width;
		while (this.pendingBits >= 8) {
			this.pendingBits -= 8;
			if (this.byteCount === this.bytes.length) this.grow();
			this.bytes[this.byteCount++] = this.pending >>> this.pendingBits;
			this.pending &= (1 << this.pendingBits) - 1;
		}
	}

	private grow(): void {
		const larger = new Uint8Array(this.bytes.length * 2);
		larger.set(this.bytes);
		this.bytes = larger;
	}
}

export class BitReader {
	private byteIndex = 0;
	private pending = 0;
	private pendingBits = 0;

	/** `corrupt` builds the error thrown when the stream ends early or holds an impossible code. */
	constructor(
		private readonly bytes: Uint8Array,
		private readonly corrupt: () => Error,
	) {}

	read(width: number): number {
		if (width > CHUNK_BITS) {
			const high = this.read(width - CHUNK_BITS);
			return high * CHUNK + this.readChunk(CHUNK_BITS);
		}
		return this.readChunk(width);
	}

	readExpGolomb(order: number): number {
		let zeros = 0;
		while (this.readChunk(1) === 0) {
			// No safe integer needs a longer code.
			if (++zeros + 1 + order > MAX_EXP_GOLOMB_BITS) throw this.corrupt();
		}
		const prefixed = 2 ** zeros + this.read(zeros);
		return (prefixed - 1) * 2 ** order + this.read(order);
	}

	/** True when only the zero padding of the last byte is left. */
	atPaddedEnd(): boolean {
		return this.byteIndex === this.bytes.length && this.pending === 0;
	}

	private readChunk(width: number): number {
		while (this.pendingBits < width) {
			if (this.byteIndex === this.bytes.length) throw this.corrupt();
			this.pending = (this.pending << 8) | this.bytes[this.byteIndex++];
			this.pendingBits += 8;
		}
		this.pendingBits -= width;
		const value = this.pending >>> this.pendingBits;
		this.pending &= (1 << this.pendingBits) - 1;
		return value;
	}
}
