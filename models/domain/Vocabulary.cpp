#include "domain/Vocabulary.h"

#include <QCoreApplication>

#include <array>
#include <span>

namespace htmse {

namespace {
struct Term
{
    const char* code;
    const char* label;
};

#define TERM(code, label)                                                                                              \
    Term                                                                                                               \
    {                                                                                                                  \
        code, QT_TRANSLATE_NOOP("htmse::Vocabulary", label)                                                            \
    }

constexpr Term kProfessionalTypes[] = {
    TERM("lawyer", "Lawyer"),
    TERM("medicolegal-doctor", "Medicolegal doctor"),
    TERM("medical-doctor", "Medical doctor"),
    TERM("nurse", "Nurse"),
    TERM("psychologist", "Psychologist"),
    TERM("psychiatrist", "Psychiatrist"),
    TERM("psychotherapist", "Psychotherapist"),
    TERM("country-expert", "Country expert"),
    TERM("trafficking-expert", "Trafficking expert"),
    TERM("researcher", "Researcher"),
    TERM("interpreter", "Interpreter"),
    TERM("social-worker", "Social worker"),
    TERM("specialist-ngo", "Specialist organisation"),
    TERM("linguist", "Linguist"),
};
constexpr Term kTraffickingTypes[] = {
    TERM("sexual", "Sexual exploitation"),
    TERM("labour", "Labour exploitation"),
    TERM("domestic-servitude", "Domestic servitude"),
    TERM("criminal-exploitation", "Criminal exploitation"),
    TERM("forced-marriage", "Forced marriage"),
    TERM("organ-removal", "Organ removal"),
    TERM("illegal-adoption", "Illegal adoption"),
    TERM("surrogacy-exploitation", "Surrogacy exploitation"),
};
constexpr Term kPopulations[] = {
    TERM("adults", "Adults"),
    TERM("children", "Children"),
    TERM("women", "Women"),
    TERM("men", "Men"),
    TERM("lgbtqi", "LGBTQI+ people"),
    TERM("families", "Families"),
    TERM("disabled-people", "Disabled people"),
    TERM("migrants", "Migrants and refugees"),
};
constexpr Term kProficiencies[] = {
    TERM("native", "Native"),
    TERM("fluent", "Fluent"),
    TERM("working", "Working knowledge"),
    TERM("basic", "Basic"),
};
constexpr Term kGenders[] = {
    TERM("female", "Female"),
    TERM("male", "Male"),
    TERM("non-binary", "Non-binary"),
    TERM("undisclosed", "Not disclosed"),
};
constexpr Term kFeeBases[] = {
    TERM("none", "No fee"),
    TERM("hourly", "Hourly rate"),
    TERM("fixed", "Fixed fee"),
    TERM("per-report", "Fee per report"),
    TERM("sliding-scale", "Sliding scale"),
};
constexpr Term kVerificationStatuses[] = {
    TERM("unverified", "Not verified"),        TERM("pending", "Verification pending"), TERM("verified", "Verified"),
    TERM("lapsed", "Re-verification overdue"), TERM("suspended", "Suspended"),
};
constexpr Term kContactKinds[] = {
    TERM("email", "Email"),
    TERM("phone", "Phone"),
    TERM("website", "Website"),
    TERM("referral-form", "Referral form"),
    TERM("secure-messaging", "Secure messaging"),
    TERM("postal", "Post"),
};
constexpr Term kExpertDisciplines[] = {
    TERM("country", "Country conditions"),    TERM("trafficking", "Trafficking and modern slavery"),
    TERM("medicolegal", "Medicolegal"),       TERM("psychiatric", "Psychiatry"),
    TERM("psychological", "Psychology"),      TERM("linguistic", "Linguistic analysis"),
    TERM("age-assessment", "Age assessment"), TERM("employment", "Labour and employment practice"),
};
constexpr Term kReportTypes[] = {
    TERM("medicolegal", "Medicolegal report"), TERM("istanbul-protocol", "Istanbul Protocol report"),
    TERM("psychiatric", "Psychiatric report"), TERM("psychological", "Psychological report"),
    TERM("country", "Country expert report"),  TERM("trafficking-indicators", "Trafficking indicators report"),
    TERM("linguistic", "Linguistic report"),   TERM("age-assessment", "Age assessment report"),
};
constexpr Term kOrganisationKinds[] = {
    TERM("ngo", "Non-governmental organisation"),
    TERM("law-firm", "Law firm"),
    TERM("chambers", "Barristers' chambers"),
    TERM("clinic", "Clinic"),
    TERM("hospital", "Hospital"),
    TERM("university", "University or research institute"),
    TERM("public-body", "Public body"),
    TERM("international", "International organisation"),
    TERM("private-practice", "Private practice"),
    TERM("interpreting-agency", "Interpreting agency"),
};
constexpr Term kReferralKinds[] = {
    TERM("victim-support", "Victim support"),
    TERM("professional-consultation", "Professional consultation"),
    TERM("expert-report", "Expert report request"),
    TERM("medicolegal-report", "Medicolegal report request"),
};
constexpr Term kUrgencies[] = {
    TERM("routine", "Routine"),
    TERM("soon", "Within a week"),
    TERM("urgent", "Urgent (48 hours)"),
    TERM("emergency", "Emergency (today)"),
};
constexpr Term kAgeBands[] = {
    TERM("under-12", "Under 12"), TERM("12-15", "12 to 15"), TERM("16-17", "16 or 17"),     TERM("18-24", "18 to 24"),
    TERM("25-39", "25 to 39"),    TERM("40-59", "40 to 59"), TERM("60-plus", "60 or over"), TERM("unknown", "Unknown"),
};
constexpr Term kDeclineReasons[] = {
    TERM("no-capacity", "No capacity"),
    TERM("outside-expertise", "Outside expertise"),
    TERM("conflict-of-interest", "Conflict of interest"),
    TERM("language", "Language not covered"),
    TERM("location", "Outside the area served"),
    TERM("eligibility", "Not eligible"),
    TERM("other", "Other reason"),
};
constexpr Term kStatutoryRoutes[] = {
    TERM("nrm", "National Referral Mechanism"),
    TERM("duty-to-notify", "Duty to notify"),
    TERM("none", "No statutory referral"),
};
constexpr Term kGroundsDecisions[] = {
    TERM("pending", "Pending"),
    TERM("positive", "Positive"),
    TERM("negative", "Negative"),
};
constexpr Term kWeekdays[] = {
    TERM("mon", "Monday"), TERM("tue", "Tuesday"),  TERM("wed", "Wednesday"), TERM("thu", "Thursday"),
    TERM("fri", "Friday"), TERM("sat", "Saturday"), TERM("sun", "Sunday"),
};
// What HSDS's accessibility table and the people using this directory most often ask about.
constexpr Term kAccessibility[] = {
    TERM("step-free-access", "Step-free access"), TERM("accessible-toilet", "Accessible toilet"),
    TERM("hearing-loop", "Hearing loop"),         TERM("sign-language", "Sign language on request"),
    TERM("easy-read", "Easy-read information"),   TERM("large-print-or-braille", "Large print or braille"),
    TERM("quiet-space", "Quiet waiting space"),   TERM("accessible-parking", "Accessible parking"),
};
#undef TERM

std::span<const Term> terms(Vocabulary vocabulary)
{
    switch (vocabulary) {
    case Vocabulary::ProfessionalType:
        return kProfessionalTypes;
    case Vocabulary::TraffickingType:
        return kTraffickingTypes;
    case Vocabulary::Population:
        return kPopulations;
    case Vocabulary::Proficiency:
        return kProficiencies;
    case Vocabulary::Gender:
        return kGenders;
    case Vocabulary::FeeBasis:
        return kFeeBases;
    case Vocabulary::VerificationStatus:
        return kVerificationStatuses;
    case Vocabulary::ContactKind:
        return kContactKinds;
    case Vocabulary::ExpertDiscipline:
        return kExpertDisciplines;
    case Vocabulary::ReportType:
        return kReportTypes;
    case Vocabulary::OrganisationKind:
        return kOrganisationKinds;
    case Vocabulary::ReferralKind:
        return kReferralKinds;
    case Vocabulary::Urgency:
        return kUrgencies;
    case Vocabulary::AgeBand:
        return kAgeBands;
    case Vocabulary::DeclineReason:
        return kDeclineReasons;
    case Vocabulary::StatutoryRoute:
        return kStatutoryRoutes;
    case Vocabulary::GroundsDecision:
        return kGroundsDecisions;
    case Vocabulary::Weekday:
        return kWeekdays;
    case Vocabulary::Accessibility:
        return kAccessibility;
    }
    return {};
}
} // namespace

const QStringList& vocabularyCodes(Vocabulary vocabulary)
{
    // Built once per vocabulary: validation asks for these for every field of every record.
    static const auto tables = [] {
        std::array<QStringList, size_t(Vocabulary::Accessibility) + 1> out;
        for (size_t v = 0; v < out.size(); ++v)
            for (const Term& t : terms(Vocabulary(v)))
                out[v].append(QLatin1StringView(t.code));
        return out;
    }();
    return tables[size_t(vocabulary)];
}

bool isInVocabulary(Vocabulary vocabulary, QStringView code)
{
    const auto list = terms(vocabulary);
    return std::any_of(list.begin(), list.end(), [&](const Term& t) { return code == QLatin1StringView(t.code); });
}

QString vocabularyLabel(Vocabulary vocabulary, QStringView code)
{
    for (const Term& t : terms(vocabulary))
        if (code == QLatin1StringView(t.code))
            return QCoreApplication::translate("htmse::Vocabulary", t.label);
    return code.toString();
}

QString readTerm(const JsonReader& reader, QLatin1StringView key, Vocabulary vocabulary, Presence presence)
{
    return reader.oneOf(key, vocabularyCodes(vocabulary), presence);
}

QStringList readTerms(const JsonReader& reader, QLatin1StringView key, Vocabulary vocabulary, Presence presence)
{
    const QStringList& codes = vocabularyCodes(vocabulary);
    return reader.codeList(
        key, presence,
        [&codes](QStringView v) -> std::optional<QString> {
            if (codes.contains(v))
                return v.toString();
            return std::nullopt;
        },
        QStringLiteral("one of: %1").arg(codes.join(QStringLiteral(", "))));
}

} // namespace htmse
