// Golden bodies for TestMessageBodies, written by hand from core/protocol/README.md. In a file
// of their own because moc (Qt 6.4) does not parse raw string literals.
#include "MessageBodiesGolden.h"

namespace goldens {

// A base58 Ed25519 public key and two BLAKE2b-256 hashes, as they appear on the wire.
#define KEY "5vftMkHL72JaJG6ExQfGAsT2uGVHpRR7oTNUPMs68Y2N"
#define H1 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define H2 "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
#define SPEC R"("{\"name\":\"tiny\",\"lr\":0.001}")"

const std::vector<GoldenRow> kGolden{
    {"hello", "hello", R"({"coordinator":")" KEY R"(","protocol":1,"server_ts":1700000000000,"lease_ms":60000,
            "heartbeat_ms":15000,"blobs":"http://127.0.0.1:7801"})"},
    {"register", "register", R"({"payout":")" KEY R"(","capability":{"v":1,"node":")" KEY R"(","sig":"x"}})"},
    {"registered", "registered", R"({"node":")" KEY R"(","reputation":-2,"lease_ms":60000,"heartbeat_ms":15000})"},
    {"lease_request", "lease_request", "{}"},
    {"lease", "lease", R"({"lease":"l7","task":"t3","spec":)" SPEC R"(,"spec_hash":")" H1 R"(","reward":2000,
            "expires_ts":1700000060000,"lease_ms":60000,"heartbeat_ms":15000,"blobs":"http://h:7801","attempt":2})"},
    {"lease with resume", "lease", R"({"lease":"l7","task":"t3","spec":)" SPEC R"(,"spec_hash":")" H1 R"(",
            "reward":2000,"expires_ts":1700000060000,"lease_ms":60000,"heartbeat_ms":15000,"blobs":"http://h:7801",
            "attempt":2,"resume":{"step":40,"hash":")" H2 R"("}})"},
    {"lease with audit samples", "lease", R"({"lease":"l7","task":"t3","spec":)" SPEC R"(,"spec_hash":")" H1 R"(",
            "reward":2000,"expires_ts":1700000060000,"lease_ms":60000,"heartbeat_ms":15000,"blobs":"http://h:7801",
            "attempt":2,"audit_samples":22})"},
    {"no_task", "no_task", R"({"retry_ms":5000})"},
    {"heartbeat", "heartbeat", R"({"lease":"l7","step":12})"},
    {"heartbeat with checkpoint", "heartbeat", R"({"lease":"l7","step":12,"checkpoint":{"step":10,"hash":")" H2 R"("}})"},
    {"heartbeat_ack", "heartbeat_ack", R"({"lease":"l7","expires_ts":1700000060000})"},
    {"lease_release", "lease_release", R"({"lease":"l7"})"},
    {"submit", "submit", R"({"spec":)" SPEC R"(,"reward":1500})"},
    {"submitted", "submitted", R"({"task":"t3","spec_hash":")" H1 R"(","reward":1500,"funds":8500,
            "minimum_reward":100,"peak_bytes":1048576,"total_gflops":"1.250"})"},
    {"status_reply", "status_reply", R"({"providers":2,"tasks":{"pooled":1,"verified":3},"games":{"audit_passed":3},
            "balances":{")" KEY R"(":{"balance":-5,"stake":100,"receipts":4}},"leases_active":1,"leases_expired":0,
            "refused_messages":7,"server_ts":1700000000000,"coordinator":")" KEY R"("})"},
    {"error", "error", R"({"code":"devnet.no_lease","message":"no such lease"})"},
    {"error with re", "error", R"({"code":"protocol.stale","message":"too old","re":"abcdefghijklmnop"})"},
    {"commit", "commit", R"({"lease":"l7","run_root":")" H1 R"(","final_hash":")" H2 R"(","steps":20,
            "checkpoint_every":5,"losses":["4.1588831","3.20001"]})"},
    {"commit ack", "ack/commit", R"({"task":"t3","run_root":")" H1 R"("})"},
    {"audit_assign", "audit_assign", R"({"game":"g4","task":"t3","spec":)" SPEC R"(,"spec_hash":")" H1 R"(",
            "solver":")" KEY R"(","seed":")" H2 R"(","samples":3,"run_root":")" H1 R"(","steps":20,"blobs":"http://h:7801"})"},
    {"verify from a party", "verify", R"({"game":"g4","msg":{"type":"audit.commitment","game":"g4","from":"solver",
            "to":"verifier","seq":1,"body":{}}})"},
    {"verify relayed with blob", "verify", R"({"game":"g4","task":"t3","msg":{"type":"audit.opening","game":"g4",
            "from":"solver","to":"verifier","seq":2,"body":{"step":3}},"blob":")" H2 R"("})"},
    {"verify ack", "ack/verify", "{}"},
    {"verify ack duplicate", "ack/verify", R"({"duplicate":true})"},
    {"audit_result", "audit_result", R"({"game":"g4","ok":false,"samples":[{"step":3,"ok":true},{"step":9,"ok":false}],
            "failure":""})"},
    {"audit_result ack", "ack/audit_result", R"({"game":"g4","state":"failed"})"},
    {"dispute_open", "dispute_open", R"({"dispute":"g5","task":"t3","spec":)" SPEC R"(,"spec_hash":")" H1 R"(",
            "role":"b","audit":"g4","blobs":"http://h:7801"})"},
    {"dispute_ready", "dispute_ready", R"({"dispute":"g5","role":"a"})"},
    {"dispute_ready ack", "ack/dispute_ready", R"({"dispute":"g5","state":"replicating"})"},
    {"receipt", "receipt", R"({"receipt":{"v":1,"id":"r-1","kind":"reward","amount":2000,"state":"settled",
            "job":"t3","node":")" KEY R"(","payee":")" KEY R"(","ts":1700000000000,"sig":"x"}})"},
    {"settled audit", "settled", R"({"task":"t3","game":"g4","outcome":"verified","detail":{"ok":true,
            "samples":[{"step":3,"ok":true}],"failure":""},"receipts":["r-1","r-2"]})"},
    {"audit detail", "detail/audit", R"({"ok":true,"samples":[{"step":3,"ok":true}],"failure":""})"},
    {"dispute verdict", "detail/dispute", R"({"winner":"b","reason":"op differs","step":-1,"node":4,"op":"matmul",
            "node_name":"h0.attn","step_rounds":5,"node_rounds":3,"referee_ops":1,"blamed":")" KEY R"("})"},
    {"abandoned verdict", "detail/dispute", R"({"winner":"none","reason":"a party never got ready for the game"})"},
};

const std::vector<RefusalRow> kRefusals{
    {"missing step", "heartbeat", R"({"lease":"l7"})", R"("step" is missing)"},
    {"step as text", "heartbeat", R"({"lease":"l7","step":"12"})", R"("step" must be a number)"},
    {"fractional step", "heartbeat", R"({"lease":"l7","step":1.5})", R"("step" must be an integer)"},
    {"negative step", "heartbeat", R"({"lease":"l7","step":-1})", R"("step" must be an integer 0..9007199254740991)"},
    {"lease id", "heartbeat", R"({"lease":"7","step":1})", R"("lease" must be an id l<n>)"},
    {"lease id l0", "lease_release", R"({"lease":"l0"})", R"("lease" must be an id l<n>)"},
    {"lease id l07", "lease_release", R"({"lease":"l07"})", R"("lease" must be an id l<n>)"},
    {"checkpoint hash", "heartbeat", R"({"lease":"l7","step":1,"checkpoint":{"step":1,"hash":"abc"}})",
            R"("checkpoint.hash" must be a hash)"},
    {"checkpoint not an object", "heartbeat", R"({"lease":"l7","step":1,"checkpoint":3})", R"("checkpoint" must be an object)"},
    {"reward beyond 2^53", "submit", R"({"spec":"{}","reward":9007199254740992})", R"("reward" must be an integer)"},
    {"spec not JSON text", "submit", R"({"spec":"not json","reward":1})", R"("spec" must be a JSON object as text)"},
    {"spec as an object", "submit", R"({"spec":{},"reward":1})", R"("spec" must be a string)"},
    {"coordinator key", "hello", R"({"coordinator":"not-a-key","protocol":1,"server_ts":1,"lease_ms":1,"heartbeat_ms":1,
            "blobs":""})", R"("coordinator" must be a base58)"},
    {"commit steps 0", "commit", R"({"lease":"l7","run_root":")" H1 R"(","final_hash":")" H2 R"(","steps":0,
            "checkpoint_every":5,"losses":[]})", R"("steps" must be an integer 1..)"},
    {"commit run_root", "commit", R"({"lease":"l7","run_root":"xyz","final_hash":")" H2 R"(","steps":20,
            "checkpoint_every":5,"losses":[]})", R"("run_root" must be a hash of 64 hex digits)"},
    {"commit losses as numbers", "commit", R"({"lease":"l7","run_root":")" H1 R"(","final_hash":")" H2 R"(","steps":20,
            "checkpoint_every":5,"losses":[4.2]})", R"("losses" must hold strings only)"},
    {"sample without ok", "audit_result", R"({"game":"g4","ok":true,"samples":[{"step":3,"ok":true},{"step":4}],
            "failure":""})", R"("samples[1].ok" is missing)"},
    {"audit ok as text", "audit_result", R"({"game":"g4","ok":"yes","samples":[],"failure":""})", R"("ok" must be true or false)"},
    {"role", "dispute_ready", R"({"dispute":"g5","role":"c"})", R"("role" must be one of a|b)"},
    {"game id", "dispute_ready", R"({"dispute":"t5","role":"a"})", R"("dispute" must be an id g<n>)"},
    {"balance entry", "status_reply", R"({"providers":1,"tasks":{},"games":{},"balances":{"n":{"balance":1,"receipts":0}},
            "leases_active":0,"leases_expired":0,"refused_messages":0,"server_ts":1,"coordinator":")" KEY R"("})",
            R"("balances.n.stake" is missing)"},
    {"task count", "status_reply", R"({"providers":1,"tasks":{"pooled":-1},"games":{},"balances":{},
            "leases_active":0,"leases_expired":0,"refused_messages":0,"server_ts":1,"coordinator":")" KEY R"("})",
            R"("tasks" must map names to integers >= 0)"},
    {"verify blob", "verify", R"({"game":"g4","msg":{},"blob":"zz"})", R"("blob" must be a hash)"},
    {"verify msg", "verify", R"({"game":"g4","msg":[]})", R"("msg" must be an object)"},
    {"settled outcome", "settled", R"({"task":"t3","game":"g4","outcome":"maybe","detail":{},"receipts":[]})",
            R"("outcome" must be one of verified|decided|failed)"},
    {"receipt not an object", "receipt", R"({"receipt":"r-1"})", R"("receipt" must be an object)"},
    {"verdict winner", "detail/dispute", R"({"winner":"c","reason":""})", R"("winner" must be one of a|b|none)"},
    {"lease heartbeat_ms 0", "lease", R"({"lease":"l7","task":"t3","spec":"{}","spec_hash":")" H1 R"(","reward":1,
            "expires_ts":1,"lease_ms":1,"heartbeat_ms":0,"blobs":"","attempt":0})", R"("heartbeat_ms" must be an integer 1..)"},
    {"no_task missing", "no_task", "{}", R"("retry_ms" is missing)"},
    {"lease audit_samples", "lease", R"({"lease":"l7","task":"t3","spec":"{}","spec_hash":")" H1 R"(","reward":1,
            "expires_ts":1,"lease_ms":1,"heartbeat_ms":1,"blobs":"","attempt":0,"audit_samples":-4})", R"("audit_samples" must be an integer 0..)"},
};

const char *const kLeaseWithResumeAndRe = R"({"lease":"l7","task":"t3","spec":)" SPEC R"(,"spec_hash":")" H1
            R"(","reward":2000,"expires_ts":1700000060000,"lease_ms":60000,"heartbeat_ms":15000,"blobs":"http://h:7801",
            "attempt":2,"resume":{"step":40,"hash":")" H2 R"("},"re":"abcdefghijklmnop"})";
const char *const kFullVerdict = R"({"winner":"a","reason":"r","step":7,"node":2,"op":"add",
            "node_name":"n","step_rounds":1,"node_rounds":2,"referee_ops":3})";
const char *const kAuditResultTimeout = R"({"game":"g4","ok":false,"samples":[{"step":9,"ok":false}],
            "failure":"timeout"})";

} // namespace goldens
