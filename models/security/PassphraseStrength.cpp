#include "security/PassphraseStrength.h"

#include <QCoreApplication>

#include <cmath>
#include <cstring>
#include <vector>

extern "C" {
#include <zxcvbn.h>
}

namespace htmse {

PassphraseStrength PassphraseStrength::estimate(const SecureBytes& passphrase, const QStringList& userWords)
{
    PassphraseStrength out;
    if (passphrase.isEmpty()) {
        out.advice = QCoreApplication::translate("htmse::PassphraseStrength", "Enter a passphrase.");
        return out;
    }
    // zxcvbn wants a NUL-terminated string: copy into guarded memory, not a QByteArray.
    SecureBytes terminated(passphrase.size() + 1);
    std::memcpy(terminated.data(), passphrase.data(), passphrase.size());
    std::vector<QByteArray> words;
    words.reserve(std::size_t(userWords.size()) + 2);
    for (const QString& w : userWords)
        words.push_back(w.toUtf8());
    words.push_back(QByteArrayLiteral("htmse"));
    std::vector<const char*> dictionary;
    for (const QByteArray& w : words)
        dictionary.push_back(w.constData());
    dictionary.push_back(nullptr);
    out.entropyBits = ZxcvbnMatch(reinterpret_cast<const char*>(terminated.data()), dictionary.data(), nullptr);
    const double log10Guesses = out.entropyBits * std::log10(2.0);
    out.score = log10Guesses < 3 ? 0 : log10Guesses < 6 ? 1 : log10Guesses < 8 ? 2 : log10Guesses < 10 ? 3 : 4;
    if (out.score < 3)
        out.advice = QCoreApplication::translate(
            "htmse::PassphraseStrength",
            "Too easy to guess. Use four or more unrelated words, or a longer sentence only you would think of.");
    return out;
}

} // namespace htmse
