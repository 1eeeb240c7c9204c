#pragma once
// Canonical JSON: the exact bytes that get signed (receipts, protocol envelopes).
//
//   - objects: keys sorted by UTF-16 code units (as RFC 8785 does), no duplicate keys
//   - no whitespace anywhere
//   - strings: UTF-8; only '"', '\\' and U+0000..U+001F are escaped ("\b \f \n \r \t", others
//     "\u00xx" lower-case); everything else, '/' and non-ASCII included, is written raw;
//     unpaired surrogates are refused
//   - numbers: integers only, |n| <= 2^53 - 1, written in plain decimal ("-0" never appears).
//     Fractions, NaN and infinities are refused: money is integer micro-credits, and anything
//     fractional must travel as a string so every implementation signs the same bytes
//   - true, false, null as usual
//
// Both signer and verifier serialise their parsed object again with this function and sign /
// verify those bytes; the wire form may differ (e.g. pretty-printed) without breaking anything.
#include "base/Error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>

namespace idleforge::protocol {

inline constexpr qint64 kMaxSafeInteger = (qint64(1) << 53) - 1;

Result<QByteArray> canonicalJson(const QJsonValue &value);
Result<QByteArray> canonicalJson(const QJsonObject &object);

// Parses bytes as JSON and returns their canonical form (errors for invalid JSON or for values
// the canonical form refuses). Large integers are checked on the raw text, not after Qt turned
// them into doubles.
Result<QByteArray> canonicalizeJsonText(const QByteArray &json);

} // namespace idleforge::protocol
