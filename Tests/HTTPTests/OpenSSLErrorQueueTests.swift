import COpenSSL
import Testing
import HTTP

@Suite("OpenSSL error queue")
struct OpenSSLErrorQueueTests {
    @Test func drainReadsEveryQueuedErrorOnceAndEmptiesTheQueue() {
        _ = OpenSSLErrorQueue.drain()
        let garbage = Array("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n".utf8)
        let bio = BIO_new_mem_buf(garbage, Int32(garbage.count))
        defer { BIO_free(bio) }
        #expect(PEM_read_bio_X509(bio, nil, nil, nil) == nil)
        let messages = OpenSSLErrorQueue.drain()
        #expect(!messages.isEmpty)
        #expect(messages.allSatisfy { $0.hasPrefix("error:") }, "\(messages)")
        #expect(OpenSSLErrorQueue.drain().isEmpty)
    }
}
