// MatchQuery, MatchWeights, MatchResult, Relaxation: what the matching engine is asked and what
// it answers (DESIGN.md §5).
#pragma once

#include "core/GeoPoint.h"

#include <QDate>
#include <QDateTime>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace htmse {

struct MatchQuery
{
    struct Need
    {
        QString code;
        bool required = true; // required: at least one must be covered; preferred: counts in the score
    };
    QList<Need> needs;
    QStringList languages;      // the person's languages (ISO 639-3), most preferred first
    bool interpreterOk = false; // a professional who works with interpreters will do
    std::optional<GeoPoint> near;
    double radiusKm = 50;
    bool remoteOk = false;
    bool includeNotAccepting = false;
    bool verifiedOnly = false; // only profiles whose verification status is "verified" (hard)
    QString gender;            // preferred professional gender; empty = no preference (soft)
    QString cost;              // "", "free", "legal-aid", "free-or-legal-aid" (hard)
    // Legal teams: expert witnesses.
    bool expertWitness = false;
    QString discipline;   // Vocabulary::ExpertDiscipline
    QString reportType;   // Vocabulary::ReportType
    QString jurisdiction; // "GB" matches "GB-ENG"; "GB-SCT" matches "GB-SCT" and "GB"
    int minCourtAppearances = 0;
    // Opening hours and access (hard filters; a professional whose profile does not say passes none).
    std::optional<QDateTime> openAt; // open at this moment ("open now": the current time)
    bool eveningsOrWeekends = false; // open after 18:00 on some day, or on Saturday or Sunday
    QStringList accessibility;       // Vocabulary::Accessibility: every one of these offered ("step-free-access")
    int limit = 20;
    QDate today; // for "verified N months ago"; invalid = the engine's clock
};

// Weights of the score's parts; settings with sane defaults. The score is their weighted mean.
struct MatchWeights
{
    double needs = 40;
    double language = 25;
    double distance = 15;
    double capacity = 10;
    double verification = 8;
    double preference = 2; // gender preference
};

struct MatchResult
{
    QUuid id;
    QString name;
    double score = 0; // 0..100
    std::optional<double> distanceKm;
    bool viaRemote = false; // matched as a remote service, not by place
    // The parts, each 0..1, kept for the explanation.
    double needsPart = 0;
    double languagePart = 0;
    double distancePart = 0;
    double capacityPart = 0;
    double verificationPart = 0;
    double preferencePart = 0;
    QStringList coveredNeeds; // the query's needs this professional covers
    int queriedNeeds = 0;
    QString spokenLanguage; // the first of the person's languages they speak, if any
    bool viaInterpreter = false;
    int verifiedMonthsAgo = -1; // -1: not verified
    int courtAppearances = -1;  // an expert-witness query's answer only; -1 otherwise
    // Where the result may be shown on a map: the location it matched by (the nearest to the
    // query's place; without one, the first location). A confidential location is never handed
    // out: `place` stays empty and placeConfidential is true. Both empty for remote-only services.
    std::optional<GeoPoint> place;
    bool placeConfidential = false;

    // "Covers 2 of 3 needs (Immigration and asylum, Trauma) · speaks Tigrinya · 12 km · verified 2 months ago";
    // for an expert-witness query also "30 court or tribunal appearances"
    QString explanation() const;
};

struct Relaxation
{
    // What was relaxed, so a screen can apply the suggestion (apply()).
    enum class Kind
    {
        WiderRadius,  // four times the radius
        Remote,       // remote services too
        Interpreter,  // professionals who work with interpreters
        NotAccepting, // professionals not accepting referrals now
        AnyHours,     // whatever their opening hours
        AnyNeed,      // any one of the needs rather than the ones marked required
        Unverified,   // profiles not (or no longer) verified too
    };
    QString description; // "3 within 200 km", "12 more with an interpreter", ...
    int count = 0;
    Kind kind = Kind::WiderRadius;

    // `query` with this relaxation applied: what the engine counted.
    static MatchQuery apply(const MatchQuery& query, Kind kind);
};

} // namespace htmse
