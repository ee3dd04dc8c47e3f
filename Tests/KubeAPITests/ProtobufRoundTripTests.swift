import Testing
@testable import KubeAPI

/// decode(encode(x)) == x: the encoder is the decoder's inverse, over kubectl's recorded envelopes and over
/// objects that use every kind of field (times, quantities, int-or-string, maps, bytes, inline structs,
/// pointer zeros, raw JSON).
@Suite("Protobuf: encode then decode")
struct ProtobufRoundTripTests {
    static let pod = #"""
        {"kind":"Pod","apiVersion":"v1","metadata":{"name":"web-0","namespace":"demo","uid":"6c1f1b4e-0c9a-4e1e-9d2b-3f3a2c1d0e0f","resourceVersion":"42","generation":3,"creationTimestamp":"2024-06-01T12:00:00Z","deletionGracePeriodSeconds":0,"labels":{"app":"web","tier":"front"},"annotations":{"note":"é ü 日本"},"ownerReferences":[{"apiVersion":"v1","kind":"ReplicationController","name":"web","uid":"u1","controller":true,"blockOwnerDeletion":false}],"finalizers":["a/b"],"managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1","time":"2024-06-01T12:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}}]},"spec":{"volumes":[{"name":"data","emptyDir":{"medium":"Memory","sizeLimit":"1Gi"}},{"name":"cfg","configMap":{"name":"settings","defaultMode":420,"optional":false}}],"containers":[{"name":"nginx","image":"nginx:1.27","command":["nginx","-g","daemon off;"],"ports":[{"name":"http","containerPort":80,"protocol":"TCP"}],"env":[{"name":"MODE","value":"a"},{"name":"KEY","valueFrom":{"configMapKeyRef":{"name":"settings","key":"k"}}}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"250m"}},"livenessProbe":{"httpGet":{"path":"/healthz","port":"http","scheme":"HTTP"},"initialDelaySeconds":5,"periodSeconds":10},"readinessProbe":{"tcpSocket":{"port":8080}},"securityContext":{"runAsUser":-1,"privileged":false},"terminationMessagePath":"/dev/termination-log","imagePullPolicy":"IfNotPresent"}],"restartPolicy":"Always","terminationGracePeriodSeconds":30,"activeDeadlineSeconds":9223372036854775807,"nodeName":"node-1","automountServiceAccountToken":false,"priority":0,"tolerations":[{"key":"k","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]},"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True","lastProbeTime":null,"lastTransitionTime":"2024-06-01T12:00:05Z"}],"podIP":"10.0.0.7","startTime":"2024-06-01T12:00:01Z","containerStatuses":[{"name":"nginx","state":{"running":{"startedAt":"2024-06-01T12:00:02Z"}},"ready":true,"restartCount":0,"image":"nginx:1.27","imageID":"","started":true}]}}
        """#

    func roundTrip(_ object: JSONValue) throws -> JSONValue {
        try ProtobufDecoder.decode(try #require(ProtobufEncoder.envelope(object)))
    }

    @Test("kubectl's recorded envelopes", arguments: KubectlProtobufFixtures.all)
    func recordedEnvelopes(fixture: String) throws {
        let decoded = try ProtobufDecoder.decode(KubectlProtobufFixtures.bytes(fixture))
        #expect(try roundTrip(decoded).text == decoded.text)
    }

    @Test func aPodWithEveryKindOfField() throws {
        let pod = try JSONParser.parse(Substring(Self.pod))
        let back = try roundTrip(pod)
        // The decoder writes members in schema order; equality ignores order, not values.
        #expect(back == pod, "\(back.text)")
        #expect(back[["spec", "containers"]]?.array?.first?[["livenessProbe", "httpGet", "port"]] == .string("http"))
        #expect(
            back[["spec", "containers"]]?.array?.first?[["readinessProbe", "tcpSocket", "port"]] == .number("8080"))
        #expect(back[["spec", "priority"]] == .number("0"), "a pointer's zero is kept")
        #expect(back[["spec", "activeDeadlineSeconds"]] == .number("9223372036854775807"))
        #expect(back[["metadata", "annotations", "note"]]?.string == "é ü 日本")
    }

    @Test func otherKinds() throws {
        let objects = [
            #"{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"},"data":{"k":"/wAB","empty":""},"type":"Opaque"}"#,
            #"{"kind":"Lease","apiVersion":"coordination.k8s.io/v1","metadata":{"name":"l","namespace":"kube-node-lease"},"spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,"acquireTime":"2024-06-01T12:00:00.123456Z","renewTime":"2024-06-01T12:00:10.000001Z","leaseTransitions":0}}"#,
            #"{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web"},"spec":{"replicas":3},"status":{"replicas":1,"selector":"app=web"}}"#,
            #"{"kind":"Eviction","apiVersion":"policy/v1","metadata":{"name":"web-0","namespace":"demo"},"deleteOptions":{"gracePeriodSeconds":0,"preconditions":{"uid":"u"}}}"#,
            // A PVC's storageClassName is a pointer: "" (no class) is kept.
            #"{"kind":"PersistentVolumeClaim","apiVersion":"v1","metadata":{"name":"c"},"spec":{"storageClassName":"","resources":{"requests":{"storage":"1Gi"}}}}"#,
            #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404}"#,
            #"{"kind":"PersistentVolume","apiVersion":"v1","metadata":{"name":"pv"},"spec":{"capacity":{"storage":"10Gi"},"hostPath":{"path":"/d","type":""},"accessModes":["ReadWriteOnce"],"volumeMode":"Filesystem"},"status":{"phase":"Available"}}"#,
        ]
        for text in objects {
            let object = try JSONParser.parse(Substring(text))
            let back = try roundTrip(object)
            #expect(back == object, "\(text)\n\(back.text)")
        }
    }

    @Test func unknownMembersAndWrongTypesAreLeftOut() throws {
        let object = try JSONParser.parse(
            Substring(
                #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c","bogus":1,"generation":"7","labels":{"a":"b"}},"data":{"k":"v"},"extra":{"x":true},"immutable":"yes"}"#
            ))
        #expect(
            try roundTrip(object).text
                == #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c","generation":7,"labels":{"a":"b"}},"data":{"k":"v"}}"#
        )
        #expect(
            ProtobufEncoder.envelope(.object([("kind", .string("Widget")), ("apiVersion", .string("example.com/v1"))]))
                == nil)
        #expect(ProtobufEncoder.envelope(.object([("metadata", .object([]))])) == nil)
    }
}
