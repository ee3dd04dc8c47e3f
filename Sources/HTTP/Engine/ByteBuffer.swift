/// A growable byte buffer with a read and a write index, owned by exactly one connection (and so one loop).
/// Reads go straight into its spare capacity; consumed bytes are compacted away lazily.
final class ByteBuffer {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private(set) var readIndex = 0
    private(set) var writeIndex = 0

    /// The least a buffer grows to from nothing (after `releaseStorage`).
    static let minimumCapacity = 64

    init(capacity: Int) {
        self.capacity = max(capacity, Self.minimumCapacity)
        base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    /// Gives the storage back while the buffer is empty (an idle stream's connection); the next write
    /// allocates again. Nothing happens when it holds bytes or has no storage.
    func releaseStorage() {
        guard isEmpty, capacity > 0 else { return }
        base.deallocate()
        base = UnsafeMutableRawPointer.allocate(byteCount: 0, alignment: 16)
        capacity = 0
    }

    deinit { base.deallocate() }

    var readableCount: Int { writeIndex - readIndex }
    var isEmpty: Bool { readIndex == writeIndex }
    var readable: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + readIndex, count: writeIndex - readIndex)
    }

    /// Makes room for at least `count` more bytes and returns the writable region.
    func writable(atLeast count: Int) -> UnsafeMutableRawBufferPointer {
        if capacity - writeIndex < count {
            if readIndex > 0 {
                let live = readableCount
                (base + 0).copyMemory(from: base + readIndex, byteCount: live)
                readIndex = 0
                writeIndex = live
            }
            if capacity - writeIndex < count {
                var newCapacity = max(capacity * 2, Self.minimumCapacity)
                while newCapacity - writeIndex < count { newCapacity *= 2 }
                let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
                newBase.copyMemory(from: base, byteCount: writeIndex)
                base.deallocate()
                base = newBase
                capacity = newCapacity
            }
        }
        return UnsafeMutableRawBufferPointer(start: base + writeIndex, count: capacity - writeIndex)
    }

    func didWrite(_ count: Int) { writeIndex += count }

    func consume(_ count: Int) {
        readIndex += count
        if readIndex == writeIndex { readIndex = 0; writeIndex = 0 }
    }

    func clear() { readIndex = 0; writeIndex = 0 }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        let target = writable(atLeast: bytes.count)
        target.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        writeIndex += bytes.count
    }

    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    func append(_ string: String) {
        var s = string
        s.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    func append(byte: UInt8) {
        writable(atLeast: 1)[0] = byte
        writeIndex += 1
    }

    /// Decimal digits of a non-negative integer, without allocating.
    func append(decimal value: Int) {
        var v = value
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[19 - n] = UInt8(v % 10) + 0x30; v /= 10; n += 1 } while v > 0
            append(UnsafeRawBufferPointer(rebasing: d[(20 - n)...]))
        }
    }

    /// Lower-case hexadecimal of a non-negative integer, for chunk sizes; without a String (a watch event
    /// costs one chunk per watcher).
    func append(hex value: Int) {
        var digits = 1
        while value >> (4 * digits) != 0 && digits < 16 { digits += 1 }
        let target = writable(atLeast: digits)
        for i in 0..<digits {
            let nibble = (value >> (4 * (digits - 1 - i))) & 0xF
            target[i] = UInt8(nibble < 10 ? 48 + nibble : 87 + nibble)
        }
        writeIndex += digits
    }
}
