#include "demo/DemoDirectoryGenerator.h"
#include "interchange/DirectoryFile.h"
#include "taxonomy/Gazetteer.h"
#include "taxonomy/NeedsTaxonomy.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QSet>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestDemoDirectoryGenerator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sameSeedSameBytes();
    void differentSeedsDiffer();
    void everyProfileIsValid();
    void distributions();
    void placesAreRealCities();
    void expertBlocksOnlyWhereTheyBelong();
    void diversity();
    void zeroProfiles();

private:
    DemoDirectoryGenerator::Directory m_directory;
};

void TestDemoDirectoryGenerator::initTestCase()
{
    m_directory = DemoDirectoryGenerator(3000, 42).generate();
    QCOMPARE(m_directory.professionals.size(), 3000);
    QCOMPARE(m_directory.organisations.size(), 500);
}

void TestDemoDirectoryGenerator::sameSeedSameBytes()
{
    QByteArray first;
    QByteArray second;
    for (QByteArray* out : {&first, &second}) {
        QBuffer buffer(out);
        buffer.open(QIODevice::WriteOnly);
        QString error;
        QVERIFY(DemoDirectoryGenerator(500, 9).write(&buffer, &error));
    }
    QCOMPARE(first.size(), second.size());
    QCOMPARE(QCryptographicHash::hash(first, QCryptographicHash::Sha256),
             QCryptographicHash::hash(second, QCryptographicHash::Sha256));
}

void TestDemoDirectoryGenerator::differentSeedsDiffer()
{
    const auto a = DemoDirectoryGenerator(50, 1).generate();
    const auto b = DemoDirectoryGenerator(50, 2).generate();
    QVERIFY(a.professionals.first().id != b.professionals.first().id);
    QVERIFY(a.professionals.first().displayName != b.professionals.first().displayName ||
            a.professionals.at(1).displayName != b.professionals.at(1).displayName);
}

void TestDemoDirectoryGenerator::everyProfileIsValid()
{
    QSet<QUuid> ids;
    QSet<QUuid> organisationIds;
    for (const Organisation& o : std::as_const(m_directory.organisations)) {
        ValidationProblems problems;
        QVERIFY2(Organisation::fromJson(o.toJson(), problems), qPrintable(problems.toStrings().join(u'\n')));
        organisationIds.insert(o.id);
    }
    for (const Professional& p : std::as_const(m_directory.professionals)) {
        ValidationProblems problems;
        const auto back = Professional::fromJson(p.toJson(), problems);
        QVERIFY2(back, qPrintable(p.displayName + u": "_s + problems.toStrings().join(u'\n')));
        QVERIFY(*back == p);
        QVERIFY(!ids.contains(p.id));
        ids.insert(p.id);
        QCOMPARE(p.id.version(), QUuid::Random);
        if (!p.organisationId.isNull())
            QVERIFY(organisationIds.contains(p.organisationId));
    }
}

void TestDemoDirectoryGenerator::distributions()
{
    const auto& pros = m_directory.professionals;
    const auto share = [&pros](const std::function<bool(const Professional&)>& test) {
        return double(std::count_if(pros.cbegin(), pros.cend(), test)) / double(pros.size());
    };
    const double lawyers = share([](const Professional& p) { return p.professionalTypes.first() == "lawyer"_L1; });
    const double interpreters =
        share([](const Professional& p) { return p.professionalTypes.first() == "interpreter"_L1; });
    const double remoteOnly = share([](const Professional& p) { return p.locations.isEmpty(); });
    const double confidential = share([](const Professional& p) {
        return std::any_of(p.locations.cbegin(), p.locations.cend(),
                           [](const ServiceLocation& l) { return l.confidential; });
    });
    const double experts = share([](const Professional& p) { return p.expertWitness.has_value(); });
    const double uk = share([](const Professional& p) { return p.countriesOfOperation.first() == "GB"_L1; });
    const double verified = share([](const Professional& p) { return p.verification.status == "verified"_L1; });
    const double accepting = share([](const Professional& p) { return p.capacity.acceptingReferrals; });
    qInfo("lawyers %.3f interpreters %.3f remote-only %.3f confidential %.3f experts %.3f uk %.3f verified %.3f",
          lawyers, interpreters, remoteOnly, confidential, experts, uk, verified);
    QVERIFY(lawyers > 0.18 && lawyers < 0.30);
    QVERIFY(interpreters > 0.06 && interpreters < 0.14);
    QVERIFY(remoteOnly > 0.02 && remoteOnly < 0.12);
    QVERIFY(confidential > 0.02 && confidential < 0.15);
    QVERIFY(experts > 0.08 && experts < 0.25);
    QVERIFY(uk > 0.20 && uk < 0.36);
    QVERIFY(verified > 0.65 && verified < 0.80);
    QVERIFY(accepting > 0.80 && accepting < 0.92);
    // Every top-level area of the taxonomy is offered by somebody.
    QSet<QString> parents;
    for (const Professional& p : pros)
        for (const QString& s : p.services)
            parents.insert(s.section(u'.', 0, 0));
    for (const QString& top : NeedsTaxonomy::instance().topLevel())
        QVERIFY2(parents.contains(top), qPrintable(top));
}

void TestDemoDirectoryGenerator::placesAreRealCities()
{
    for (const Professional& p : std::as_const(m_directory.professionals)) {
        for (const ServiceLocation& l : p.locations) {
            const auto* city = Gazetteer::instance().byId(l.geonameId);
            QVERIFY(city);
            QCOMPARE(city->name, l.city);
            QCOMPARE(city->country, l.country);
            QVERIFY(l.point);
            QVERIFY(l.point->distanceKm(city->point()) < 5.0); // jittered, not moved
        }
        if (p.locations.isEmpty())
            QVERIFY(p.remoteService);
    }
}

void TestDemoDirectoryGenerator::expertBlocksOnlyWhereTheyBelong()
{
    static const QSet<QString> expertTypes = {u"country-expert"_s, u"trafficking-expert"_s, u"medicolegal-doctor"_s,
                                              u"psychiatrist"_s,   u"psychologist"_s,       u"linguist"_s};
    for (const Professional& p : std::as_const(m_directory.professionals)) {
        const bool expertType = expertTypes.contains(p.professionalTypes.first());
        if (p.expertWitness) {
            QVERIFY2(expertType, qPrintable(p.professionalTypes.first()));
            QVERIFY(!p.expertWitness->reportTypes.isEmpty());
            QVERIFY(!p.expertWitness->jurisdictions.isEmpty());
        }
        if (p.professionalTypes.first() == "country-expert"_L1)
            QVERIFY(!p.countriesOfExpertise.isEmpty());
    }
}

void TestDemoDirectoryGenerator::diversity()
{
    QSet<QString> languages;
    QSet<QString> countries;
    QSet<QString> names;
    for (const Professional& p : std::as_const(m_directory.professionals)) {
        for (const LanguageSkill& l : p.languages)
            languages.insert(l.code);
        countries.insert(p.countriesOfOperation.first());
        names.insert(p.displayName);
    }
    for (const char* code : {"vie", "sqi", "ron", "tir", "ara", "amh", "pol", "cmn", "tha", "tgl", "pcm", "bin", "kmr",
                             "pus", "prs", "ben", "urd", "som"})
        QVERIFY2(languages.contains(QLatin1StringView(code)), code);
    QVERIFY(countries.size() >= 35);
    qInfo("%lld distinct names among %lld professionals", qlonglong(names.size()),
          qlonglong(m_directory.professionals.size()));
    QVERIFY(names.size() > 2700); // names repeat, as they do in life, but rarely
}

void TestDemoDirectoryGenerator::zeroProfiles()
{
    const auto d = DemoDirectoryGenerator(0, 1).generate();
    QVERIFY(d.professionals.isEmpty());
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(DemoDirectoryGenerator(0, 1).write(&buffer, nullptr));
    QVERIFY(DirectoryFile::read(bytes).readable);
}

QTEST_GUILESS_MAIN(TestDemoDirectoryGenerator)
#include "TestDemoDirectoryGenerator.moc"
