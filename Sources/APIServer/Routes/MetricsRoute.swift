import HTTP

/// /metrics in the Prometheus text exposition format (version 0.0.4).
public enum MetricsRenderer {
    public static func render(_ s: ObservatorySnapshot) -> String {
        var out = ""
        out += "# HELP kube_console_http_requests_total Requests answered, by port, method and status code.\n"
        out += "# TYPE kube_console_http_requests_total counter\n"
        for c in s.requests {
            out +=
                "kube_console_http_requests_total{port=\"\(c.port.name)\",method=\"\(c.method)\",code=\"\(c.code)\"} \(c.count)\n"
        }
        out +=
            "# HELP kube_console_http_request_duration_seconds Time from a request's arrival to its answer, by port.\n"
        out += "# TYPE kube_console_http_request_duration_seconds histogram\n"
        for port in PortKind.allCases {
            let h = s.stats(port).latency
            var cumulative = 0
            for (i, bound) in LatencyHistogram.bounds.enumerated() {
                cumulative += h.counts[i]
                out +=
                    "kube_console_http_request_duration_seconds_bucket{port=\"\(port.name)\",le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "kube_console_http_request_duration_seconds_bucket{port=\"\(port.name)\",le=\"+Inf\"} \(h.total)\n"
            out +=
                "kube_console_http_request_duration_seconds_sum{port=\"\(port.name)\"} \(Double(h.sumNanoseconds) / 1e9)\n"
            out += "kube_console_http_request_duration_seconds_count{port=\"\(port.name)\"} \(h.total)\n"
        }
        out += "# HELP kube_console_open_connections Open client connections, by port.\n"
        out += "# TYPE kube_console_open_connections gauge\n"
        for port in PortKind.allCases {
            out += "kube_console_open_connections{port=\"\(port.name)\"} \(s.stats(port).openConnections)\n"
        }
        out +=
            "# HELP kube_console_connections_refused_total Connections answered 503 and closed at accept, by port and the limit reached.\n"
        out += "# TYPE kube_console_connections_refused_total counter\n"
        for port in PortKind.allCases {
            let door = s.stats(port).door
            out +=
                "kube_console_connections_refused_total{port=\"\(port.name)\",limit=\"port\"} \(door.refusedPortFull)\n"
            out +=
                "kube_console_connections_refused_total{port=\"\(port.name)\",limit=\"client\"} \(door.refusedClientFull)\n"
        }
        out +=
            "# HELP kube_console_accept_pauses_total Times a port stopped accepting for a while because file descriptors ran out (EMFILE/ENFILE).\n"
        out += "# TYPE kube_console_accept_pauses_total counter\n"
        for port in PortKind.allCases {
            out += "kube_console_accept_pauses_total{port=\"\(port.name)\"} \(s.stats(port).door.acceptPauses)\n"
        }
        out +=
            "# HELP kube_console_rate_limit_rejections_total Requests refused by the read-only port's rate limiter, by bucket.\n"
        out += "# TYPE kube_console_rate_limit_rejections_total counter\n"
        let global = s.rateLimits?.global.rejected ?? 0
        let clients = s.rateLimits?.clients.reduce(0) { $0 + $1.rejected } ?? 0
        out += "kube_console_rate_limit_rejections_total{port=\"read-only\",bucket=\"global\"} \(global)\n"
        out += "kube_console_rate_limit_rejections_total{port=\"read-only\",bucket=\"client\"} \(clients)\n"
        if let f = s.inFlight {
            out +=
                "# HELP kube_console_inflight_requests Requests in flight on the secure port, by kind (watches not counted).\n"
            out += "# TYPE kube_console_inflight_requests gauge\n"
            out +=
                "# HELP kube_console_inflight_rejections_total Requests answered 429 for --max-requests-inflight or --max-mutating-requests-inflight, by kind.\n"
            out += "# TYPE kube_console_inflight_rejections_total counter\n"
            for (i, kind) in ["readOnly", "mutating"].enumerated() {
                out += "kube_console_inflight_requests{port=\"secure\",request_kind=\"\(kind)\"} \(f.inFlight[i])\n"
                out +=
                    "kube_console_inflight_rejections_total{port=\"secure\",request_kind=\"\(kind)\"} \(f.rejected[i])\n"
            }
        }
        if let a = s.audit {
            out += "# HELP kube_console_audit_events_total Audit events written to --audit-log-path.\n"
            out += "# TYPE kube_console_audit_events_total counter\n"
            out += "kube_console_audit_events_total \(a.written)\n"
            out +=
                "# HELP kube_console_audit_events_dropped_total Audit events dropped: the queue was full (the log could not keep up) or the write failed.\n"
            out += "# TYPE kube_console_audit_events_dropped_total counter\n"
            out += "kube_console_audit_events_dropped_total{reason=\"queue full\"} \(a.dropped)\n"
            out += "kube_console_audit_events_dropped_total{reason=\"write failed\"} \(a.failed)\n"
        }
        out +=
            "# HELP kube_console_auth_failures_total Requests refused by authentication or authorization, by port and reason.\n"
        out += "# TYPE kube_console_auth_failures_total counter\n"
        for c in s.authFailureCounts {
            out +=
                "kube_console_auth_failures_total{port=\"\(c.port.name)\",reason=\"\(c.reason.rawValue)\"} \(c.count)\n"
        }
        return out
    }

    public static func route(_ observatory: Observatory) -> DynamicRoute {
        DynamicRoute {
            HTTPResponse(
                status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8",
                body: Array(render(observatory.snapshot()).utf8))
        }
    }
}
