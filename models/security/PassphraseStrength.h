// PassphraseStrength: a zxcvbn estimate (0 = trivially guessed ... 4 = very strong) with advice.
#pragma once

#include "core/SecureBytes.h"

#include <QString>
#include <QStringList>

namespace htmse {

struct PassphraseStrength
{
    int score = 0; // 0..4, zxcvbn's scale (guesses < 10^3, 10^6, 10^8, 10^10, more)
    double entropyBits = 0;
    QString advice; // plain words, empty when strong enough

    // userWords: words the passphrase must not lean on (the profile name, the app's name).
    static PassphraseStrength estimate(const SecureBytes& passphrase, const QStringList& userWords = {});
};

} // namespace htmse
