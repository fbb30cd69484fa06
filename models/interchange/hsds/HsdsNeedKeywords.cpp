#include "interchange/hsds/HsdsNeedKeywords.h"

#include "domain/Vocabulary.h"
#include "interchange/hsds/HsdsValues.h"
#include "taxonomy/NeedsTaxonomy.h"

#include <QLatin1StringView>

namespace htmse::hsds {

namespace {

// Keyword phrases of taxonomy terms -> needs-taxonomy codes. The first phrase found (as whole
// words, case and accents ignored) in a term's name or code decides, so specific phrases come
// before general ones. Covers the usual wording of Open Eligibility, 211/AIRS and Open Referral
// UK terms.
struct NeedKeyword
{
    const char* phrase;
    const char* need;
};
constexpr NeedKeyword kNeedKeywords[] = {
    {"istanbul protocol", "expert-witness.medicolegal-istanbul-protocol"},
    {"medicolegal", "medical.medicolegal-report"},
    {"medico legal", "medical.medicolegal-report"},
    {"expert witness", "expert-witness"},
    {"age assessment", "child-protection.age-assessment"},
    {"immigration", "legal.immigration"},
    {"asylum", "legal.immigration"},
    {"refugee", "legal.immigration"},
    {"criminal defense", "legal.criminal-defence"},
    {"criminal defence", "legal.criminal-defence"},
    {"victim rights", "legal.victim-rights"},
    {"compensation", "legal.compensation"},
    {"employment law", "legal.employment"},
    {"labor law", "legal.employment"},
    {"labour law", "legal.employment"},
    {"family law", "legal.family"},
    {"legal", "legal"},
    {"lawyer", "legal"},
    {"attorney", "legal"},
    {"mental health", "mental-health"},
    {"counseling", "mental-health.counselling"},
    {"counselling", "mental-health.counselling"},
    {"trauma", "mental-health.trauma"},
    {"psychiatric", "mental-health.psychiatric-assessment"},
    {"crisis", "mental-health.crisis"},
    {"substance", "mental-health.substance-use"},
    {"addiction", "mental-health.substance-use"},
    {"sexual health", "medical.sexual-health"},
    {"hiv", "medical.sexual-health"},
    {"maternity", "medical.maternity"},
    {"prenatal", "medical.maternity"},
    {"pregnancy", "medical.maternity"},
    {"dental", "medical.dental"},
    {"emergency shelter", "shelter.emergency"},
    {"shelter", "shelter"},
    {"housing", "shelter"},
    {"medical", "medical"},
    {"health care", "medical"},
    {"healthcare", "medical"},
    {"sign language", "interpretation.sign"},
    {"translation", "interpretation.translation"},
    {"interpretation", "interpretation"},
    {"interpreter", "interpretation"},
    {"voluntary return", "repatriation.voluntary-return"},
    {"family tracing", "repatriation.family-tracing"},
    {"repatriation", "repatriation"},
    {"benefits", "financial.benefits"},
    {"debt", "financial.debt"},
    {"money management", "financial"},
    {"financial", "financial"},
    {"esol", "education.language"},
    {"english as a second language", "education.language"},
    {"vocational", "education.vocational"},
    {"education", "education"},
    {"job", "employment.job-search"},
    {"jobs", "employment.job-search"},
    {"employment", "employment"},
    {"safeguarding", "child-protection.safeguarding"},
    {"child protection", "child-protection"},
    {"case management", "casework.case-management"},
    {"peer support", "casework.peer-support"},
    {"safety planning", "safety.planning"},
    {"food", "basic-needs"},
    {"clothing", "basic-needs"},
    {"basic needs", "basic-needs"},
};

// Keyword phrases of accessibility descriptions -> Vocabulary::Accessibility codes. Every phrase
// found counts (a place has several features), plurals are listed as phrases of their own.
struct AccessibilityKeyword
{
    const char* phrase;
    const char* code;
};
constexpr AccessibilityKeyword kAccessibilityKeywords[] = {
    {"wheelchair", "step-free-access"},
    {"wheelchairs", "step-free-access"},
    {"step free", "step-free-access"}, // "step-free" folds to "step free"
    {"ramp", "step-free-access"},
    {"ramps", "step-free-access"},
    {"lift", "step-free-access"},
    {"lifts", "step-free-access"},
    {"elevator", "step-free-access"},
    {"elevators", "step-free-access"},
    {"accessible toilet", "accessible-toilet"},
    {"accessible toilets", "accessible-toilet"},
    {"accessible restroom", "accessible-toilet"},
    {"accessible restrooms", "accessible-toilet"},
    {"accessible bathroom", "accessible-toilet"},
    {"accessible bathrooms", "accessible-toilet"},
    {"hearing loop", "hearing-loop"},
    {"hearing loops", "hearing-loop"},
    {"induction loop", "hearing-loop"},
    {"induction loops", "hearing-loop"},
    {"loop system", "hearing-loop"},
    {"sign language", "sign-language"},
    {"bsl", "sign-language"},
    {"asl", "sign-language"},
    {"easy read", "easy-read"},
    {"braille", "large-print-or-braille"},
    {"large print", "large-print-or-braille"},
    {"quiet room", "quiet-space"},
    {"quiet space", "quiet-space"},
    {"accessible parking", "accessible-parking"},
    {"disabled parking", "accessible-parking"},
    {"blue badge", "accessible-parking"},
};

} // namespace

QString needForTerm(QStringView text)
{
    QString code = text.trimmed().toString().toLower();
    if (NeedsTaxonomy::instance().contains(code))
        return code;
    const QString words = foldedWords(text);
    for (const NeedKeyword& kw : kNeedKeywords) {
        if (words.contains(u' ' + QLatin1StringView(kw.phrase) + u' ')) {
            const QString need = QLatin1StringView(kw.need);
            return NeedsTaxonomy::instance().contains(need) ? need : QString();
        }
    }
    return {};
}

QStringList needsOfKeywordTable()
{
    QStringList needs;
    for (const NeedKeyword& kw : kNeedKeywords)
        if (!needs.contains(QLatin1StringView(kw.need)))
            needs.append(QLatin1StringView(kw.need));
    return needs;
}

QStringList accessibilityForText(QStringView text)
{
    const QString words = foldedWords(text);
    QStringList found;
    for (const AccessibilityKeyword& kw : kAccessibilityKeywords)
        if (words.contains(u' ' + QLatin1StringView(kw.phrase) + u' '))
            found.append(QLatin1StringView(kw.code));
    QStringList ordered;
    for (const QString& code : vocabularyCodes(Vocabulary::Accessibility))
        if (found.contains(code))
            ordered.append(code);
    return ordered;
}

} // namespace htmse::hsds
