#include "taxonomy/TextFolding.h"

#include <algorithm>

namespace htmse {

namespace {
// Letters with no canonical decomposition that people nevertheless type without the mark.
QStringView spelledOut(char32_t c)
{
    switch (c) {
    case U'ø':
        return u"o";
    case U'ł':
        return u"l";
    case U'đ':
        return u"d";
    case U'ð':
        return u"d";
    case U'ß':
        return u"ss";
    case U'æ':
        return u"ae";
    case U'œ':
        return u"oe";
    case U'ı':
        return u"i";
    case U'þ':
        return u"th";
    case U'ħ':
        return u"h";
    default:
        return {};
    }
}
} // namespace

QString foldForSearch(QStringView text)
{
    // Most directory text is plain ASCII: lower-casing is all it needs, and normalisation is
    // the expensive part.
    if (std::all_of(text.begin(), text.end(), [](QChar c) { return c.unicode() < 0x80; }))
        return text.toString().toLower();
    const QString decomposed = text.toString().normalized(QString::NormalizationForm_KD).toCaseFolded();
    QString out;
    out.reserve(decomposed.size());
    for (qsizetype i = 0; i < decomposed.size(); ++i) {
        const QChar c = decomposed.at(i);
        if (c.isHighSurrogate() && i + 1 < decomposed.size()) {
            const char32_t ucs4 = QChar::surrogateToUcs4(c, decomposed.at(i + 1));
            if (QChar::category(ucs4) != QChar::Mark_NonSpacing) {
                out += c;
                out += decomposed.at(i + 1);
            }
            ++i;
            continue;
        }
        const auto category = c.category();
        if (category == QChar::Mark_NonSpacing || category == QChar::Mark_Enclosing)
            continue;
        // Vowel signs of Indic and other scripts are spacing marks that carry meaning: keep them.
        if (const QStringView spelled = spelledOut(c.unicode()); !spelled.isEmpty())
            out += spelled;
        else
            out += c;
    }
    return out;
}

QStringList searchWords(QStringView text)
{
    QStringList out;
    const QString folded = foldForSearch(text);
    qsizetype start = -1;
    for (qsizetype i = 0; i <= folded.size(); ++i) {
        const bool wordChar = i < folded.size() &&
                              (folded.at(i).isLetterOrNumber() || folded.at(i).isMark() || folded.at(i).isSurrogate());
        if (wordChar && start < 0)
            start = i;
        else if (!wordChar && start >= 0) {
            out.append(folded.mid(start, i - start));
            start = -1;
        }
    }
    return out;
}

} // namespace htmse
