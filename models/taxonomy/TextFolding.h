// Folding of text for look-ups: case- and diacritics-insensitive ("São" and "SAO" both fold to "sao").
#pragma once

#include <QString>
#include <QStringList>

namespace htmse {

// Canonical decomposition, marks removed, case folded, and the Latin letters that do not
// decompose (ø, ł, đ, ß, æ, œ, ı, þ) spelled out. Non-Latin scripts are kept, case folded.
QString foldForSearch(QStringView text);

// The words of a text as search sees them: folded, split at everything that is not a letter, a
// digit or a combining mark.
QStringList searchWords(QStringView text);

} // namespace htmse
