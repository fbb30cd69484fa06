// HsdsNeedKeywords: which need of the htmse taxonomy an HSDS taxonomy term stands for, and which
// accessibility features an HSDS accessibility description names, through tables of keyword
// phrases (Open Eligibility, 211/AIRS and Open Referral UK wording).
#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

namespace htmse::hsds {

// The term itself when it is a needs-taxonomy code, else the need of the first phrase of the
// keyword table found in it as whole words; empty when nothing maps.
QString needForTerm(QStringView text);
// Every code the keyword table uses, in table order.
QStringList needsOfKeywordTable();

// The accessibility features (Vocabulary::Accessibility codes) whose phrases occur in `text` as
// whole words, case and accents ignored; in vocabulary order, each once.
QStringList accessibilityForText(QStringView text);

} // namespace htmse::hsds
