// Folding of text for look-ups: case- and diacritics-insensitive ("São" and "SAO" both fold to "sao").
#pragma once

#include <QString>

namespace htmse {

// Canonical decomposition, marks removed, case folded, and the Latin letters that do not
// decompose (ø, ł, đ, ß, æ, œ, ı, þ) spelled out. Non-Latin scripts are kept, case folded.
QString foldForSearch(QStringView text);

} // namespace htmse
