// ViewFixtures: a small, known directory for the screens' tests — a few hand-made profiles whose
// matches can be stated exactly, and optionally the demo generator's profiles around them.
#pragma once

#include "demo/DemoDirectoryGenerator.h"
#include "session/ProfileWorkspace.h"

#include <QTest>

namespace htmse::test {

inline Professional professional(const QString& name, const QString& type, const QStringList& services,
                                 const QStringList& languages, const QString& city, const GeoPoint& point)
{
    Professional p;
    p.id = QUuid::createUuid();
    p.displayName = name;
    p.professionalTypes = {type};
    p.services = services;
    for (const QString& l : languages)
        p.languages.append({l, QStringLiteral("native"), {}});
    ServiceLocation l;
    l.city = city;
    l.country = QStringLiteral("GB");
    l.point = point;
    p.locations = {l};
    p.contactChannels = {{QStringLiteral("phone"), QStringLiteral("+441132960000"), {}, true}};
    p.verification.status = QStringLiteral("verified");
    p.verification.verifiedAt = QDateTime(QDate(2026, 10, 1), QTime(9, 0), Qt::UTC);
    p.updatedAt = QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);
    return p;
}

inline const GeoPoint kLeeds(53.7997, -1.5492);
inline const GeoPoint kLondon(51.5085, -0.1257);

// The hand-made profiles (names no demo profile has).
inline QList<Professional> knownProfessionals()
{
    const QStringList immigration{QStringLiteral("legal.immigration")};
    Professional abeba = professional(QStringLiteral("Abeba Testfaye"), QStringLiteral("lawyer"), immigration,
                                      {QStringLiteral("tir")}, QStringLiteral("Leeds"), kLeeds);
    Professional berhane = professional(QStringLiteral("Berhane Testkidane"), QStringLiteral("lawyer"), immigration,
                                        {QStringLiteral("tir")}, QStringLiteral("London"), kLondon);
    Professional chidi = professional(QStringLiteral("Chidi Testokafor"), QStringLiteral("lawyer"), immigration,
                                      {QStringLiteral("eng")}, QStringLiteral("Leeds"), kLeeds);
    chidi.interpreterAvailable = true;
    Professional osagie =
        professional(QStringLiteral("Osagie Testedo"), QStringLiteral("medical-doctor"),
                     {QStringLiteral("medical.general")}, {QStringLiteral("bin")}, QStringLiteral("Leeds"), kLeeds);
    Professional farah = professional(QStringLiteral("Farah Testmedic"), QStringLiteral("medicolegal-doctor"),
                                      {QStringLiteral("medical.medicolegal-report")}, {QStringLiteral("eng")},
                                      QStringLiteral("Leeds"), kLeeds);
    ExpertWitness medicolegal;
    medicolegal.disciplines = {QStringLiteral("medicolegal")};
    medicolegal.reportTypes = {QStringLiteral("medicolegal"), QStringLiteral("istanbul-protocol")};
    medicolegal.jurisdictions = {QStringLiteral("GB-ENG")};
    medicolegal.courtAppearances = 12;
    farah.expertWitness = medicolegal;
    Professional gideon =
        professional(QStringLiteral("Gideon Testcountry"), QStringLiteral("country-expert"),
                     {QStringLiteral("research")}, {QStringLiteral("eng")}, QStringLiteral("London"), kLondon);
    ExpertWitness country;
    country.disciplines = {QStringLiteral("country")};
    country.reportTypes = {QStringLiteral("country")};
    country.jurisdictions = {QStringLiteral("GB")};
    country.courtAppearances = 30;
    gideon.expertWitness = country;
    Professional hana = professional(QStringLiteral("Hana Testmedic"), QStringLiteral("medicolegal-doctor"),
                                     {QStringLiteral("medical.medicolegal-report")}, {QStringLiteral("eng")},
                                     QStringLiteral("London"), kLondon);
    ExpertWitness junior = medicolegal;
    junior.courtAppearances = 2;
    hana.expertWitness = junior;
    return {abeba, berhane, chidi, osagie, farah, gideon, hana};
}

// Writes the known profiles (and `demo` generated ones) into the workspace's directory.
inline bool fillDirectory(ProfileWorkspace& workspace, qsizetype demo = 0)
{
    QString error;
    QList<Professional> professionals = knownProfessionals();
    QList<Organisation> organisations;
    if (demo > 0) {
        auto generated = DemoDirectoryGenerator(demo, 11).generate();
        professionals += generated.professionals;
        organisations = generated.organisations;
    }
    if (!workspace.directory().upsert(professionals, organisations, &error)) {
        qWarning("cannot fill the directory: %s", qPrintable(error));
        return false;
    }
    workspace.directoryReplaced();
    return true;
}

} // namespace htmse::test
