#include "wallet/Bip39.h"

#include "crypto/Hmac.h"
#include "wallet/Bip39WordList.h"

#include <sodium.h>

#include <QString>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace idleforge::wallet::bip39 {

namespace {

int wordIndex(std::string_view word)
{
    const auto &list = bip39EnglishWords();
    const auto it = std::lower_bound(list.begin(), list.end(), word,
                                     [](const char *a, std::string_view b) { return std::string_view(a) < b; });
    if (it != list.end() && std::string_view(*it) == word)
        return static_cast<int>(it - list.begin());
    return -1;
}

// Splits normalised text into word views (the views point into `text`).
std::vector<std::string_view> splitWords(std::string_view text)
{
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ')
            ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ')
            ++i;
        if (i > start)
            words.push_back(text.substr(start, i - start));
    }
    return words;
}

int levenshtein(const QString &a, const QString &b)
{
    std::vector<int> prev(static_cast<std::size_t>(b.size()) + 1), cur(prev.size());
    for (std::size_t j = 0; j < prev.size(); ++j)
        prev[j] = static_cast<int>(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        cur[0] = static_cast<int>(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int subst = prev[static_cast<std::size_t>(j - 1)] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[static_cast<std::size_t>(j)] =
                std::min({prev[static_cast<std::size_t>(j)] + 1, cur[static_cast<std::size_t>(j - 1)] + 1, subst});
        }
        std::swap(prev, cur);
    }
    return prev.back();
}

} // namespace

bool isValidWordCount(int words)
{
    return words >= 12 && words <= 24 && words % 3 == 0;
}

bool isListWord(std::string_view word)
{
    return wordIndex(word) >= 0;
}

SecureBuffer mnemonicFromEntropy(std::span<const std::uint8_t> entropy)
{
    const std::size_t ent = entropy.size() * 8;
    if (ent < 128 || ent > 256 || ent % 32 != 0)
        throw std::invalid_argument("BIP39 entropy must be 16, 20, 24, 28 or 32 bytes");
    const std::size_t cs = ent / 32;
    const std::size_t words = (ent + cs) / 11;

    // entropy || SHA-256(entropy) first byte (cs <= 8 bits), read 11 bits at a time.
    SecureBuffer bits(entropy.size() + 1);
    std::memcpy(bits.data(), entropy.data(), entropy.size());
    std::uint8_t hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, entropy.data(), entropy.size());
    bits.data()[entropy.size()] = hash[0];

    const auto &list = bip39EnglishWords();
    std::size_t length = 0;
    std::vector<int> idx(words);
    for (std::size_t w = 0; w < words; ++w) {
        int v = 0;
        for (std::size_t b = 0; b < 11; ++b) {
            const std::size_t bit = w * 11 + b;
            v = (v << 1) | ((bits.data()[bit / 8] >> (7 - bit % 8)) & 1);
        }
        idx[w] = v;
        length += std::strlen(list[static_cast<std::size_t>(v)]) + (w ? 1 : 0);
    }
    SecureBuffer out(length);
    std::size_t pos = 0;
    for (std::size_t w = 0; w < words; ++w) {
        if (w)
            out.data()[pos++] = ' ';
        const char *word = list[static_cast<std::size_t>(idx[w])];
        std::memcpy(out.data() + pos, word, std::strlen(word));
        pos += std::strlen(word);
    }
    sodium_memzero(idx.data(), idx.size() * sizeof(int));
    return out;
}

SecureBuffer generateMnemonic(int words)
{
    if (!isValidWordCount(words))
        throw std::invalid_argument("BIP39 word count must be 12, 15, 18, 21 or 24");
    SecureBuffer entropy(static_cast<std::size_t>(words / 3 * 4));
    randombytes_buf(entropy.data(), entropy.size());
    return mnemonicFromEntropy(entropy.span());
}

SecureBuffer normalizeMnemonic(std::string_view mnemonic)
{
    SecureBuffer tmp(mnemonic.size());
    std::size_t n = 0;
    bool pendingSpace = false;
    for (char c : mnemonic) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
        if (space) {
            pendingSpace = n > 0;
            continue;
        }
        if (pendingSpace)
            tmp.data()[n++] = ' ';
        pendingSpace = false;
        tmp.data()[n++] = static_cast<std::uint8_t>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    }
    return SecureBuffer::copyOf(tmp.span().first(n));
}

Result<SecureBuffer> entropyFromMnemonic(std::string_view mnemonic)
{
    const SecureBuffer norm = normalizeMnemonic(mnemonic);
    const auto words = splitWords(norm.view());
    const int count = static_cast<int>(words.size());
    if (!isValidWordCount(count))
        return makeError("wallet.word_count",
                         QStringLiteral("a recovery phrase has 12, 15, 18, 21 or 24 words; this one has %1")
                             .arg(count));
    std::vector<int> idx(words.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
        idx[i] = wordIndex(words[i]);
        if (idx[i] < 0) {
            const QString w = QString::fromUtf8(words[i].data(), static_cast<qsizetype>(words[i].size()));
            const QStringList near = closestWords(w);
            const QString shown = w.size() > 32 ? w.left(32) + QStringLiteral("...") : w; // not all of a pasted file
            return makeError("wallet.unknown_word",
                             QStringLiteral("word %1 (\"%2\") is not in the BIP39 English list; did you mean: %3?")
                                 .arg(i + 1)
                                 .arg(shown, near.join(QStringLiteral(", "))));
        }
    }
    const std::size_t totalBits = words.size() * 11;
    const std::size_t cs = totalBits / 33;
    const std::size_t entBytes = (totalBits - cs) / 8;
    SecureBuffer all(entBytes + 1);
    for (std::size_t bit = 0; bit < totalBits; ++bit) {
        const int v = (idx[bit / 11] >> (10 - bit % 11)) & 1;
        all.data()[bit / 8] |= static_cast<std::uint8_t>(v << (7 - bit % 8));
    }
    sodium_memzero(idx.data(), idx.size() * sizeof(int));
    std::uint8_t hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, all.data(), entBytes);
    const std::uint8_t mask = static_cast<std::uint8_t>(0xff << (8 - cs));
    if ((all.data()[entBytes] & mask) != (hash[0] & mask))
        return makeError("wallet.bad_checksum",
                         QStringLiteral("every word is valid but the checksum does not match: a word is wrong "
                                        "or two words are swapped"));
    return SecureBuffer::copyOf(all.span().first(entBytes));
}

SecureBuffer mnemonicToSeed(std::string_view mnemonic, std::string_view passphrase)
{
    // NFKD only matters for non-ASCII text; the English words are ASCII. A non-ASCII passphrase
    // passes through QString for normalisation (an unavoidable plain-heap copy).
    const SecureBuffer words = normalizeMnemonic(mnemonic);
    SecureBuffer salt;
    const bool ascii = std::all_of(passphrase.begin(), passphrase.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) {
        salt = SecureBuffer(8 + passphrase.size());
        std::memcpy(salt.data(), "mnemonic", 8);
        if (!passphrase.empty())
            std::memcpy(salt.data() + 8, passphrase.data(), passphrase.size());
    } else {
        QString p = QString::fromUtf8(passphrase.data(), static_cast<qsizetype>(passphrase.size()));
        QByteArray nfkd = p.normalized(QString::NormalizationForm_KD).toUtf8();
        salt = SecureBuffer(8 + static_cast<std::size_t>(nfkd.size()));
        std::memcpy(salt.data(), "mnemonic", 8);
        std::memcpy(salt.data() + 8, nfkd.constData(), static_cast<std::size_t>(nfkd.size()));
        nfkd.fill('\0');
        p.fill(QChar(u'\0'));
    }
    return crypto::pbkdf2HmacSha512(words.span(), salt.span(), 2048, 64);
}

QStringList closestWords(const QString &word, int count)
{
    // The list's words have at most 8 letters, so past 16 a word is no closer to any of them; and
    // comparing all of a pasted megabyte with each of 2048 words would take minutes.
    constexpr qsizetype kComparedLetters = 16;
    const QString w = word.left(kComparedLetters).toLower();
    struct Scored {
        int distance;
        int prefix;
        int index;
    };
    std::vector<Scored> scored;
    const auto &list = bip39EnglishWords();
    for (std::size_t i = 0; i < list.size(); ++i) {
        const QString cand = QString::fromLatin1(list[i]);
        int prefix = 0;
        while (prefix < w.size() && prefix < cand.size() && w[prefix] == cand[prefix])
            ++prefix;
        scored.push_back({levenshtein(w, cand), prefix, static_cast<int>(i)});
    }
    std::sort(scored.begin(), scored.end(), [](const Scored &a, const Scored &b) {
        if (a.distance != b.distance)
            return a.distance < b.distance;
        if (a.prefix != b.prefix)
            return a.prefix > b.prefix;
        return a.index < b.index;
    });
    QStringList out;
    for (int i = 0; i < count && i < static_cast<int>(scored.size()); ++i)
        out << QString::fromLatin1(list[static_cast<std::size_t>(scored[static_cast<std::size_t>(i)].index)]);
    return out;
}

} // namespace idleforge::wallet::bip39
