#include "matching/MatchEngine.h"
#include "matching/SearchIndex.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
Professional person(const QString& name, const QString& biography = {}, QStringList keywords = {}, QString city = {})
{
    Professional p;
    p.id = QUuid::createUuid();
    p.displayName = name;
    p.professionalTypes = {u"psychologist"_s};
    p.biography = biography;
    p.keywords = std::move(keywords);
    if (!city.isEmpty()) {
        ServiceLocation l;
        l.city = city;
        l.country = u"GB"_s;
        l.point = GeoPoint(53.8, -1.5);
        p.locations = {l};
    }
    return p;
}

QStringList names(const QList<SearchIndex::Hit>& hits)
{
    QStringList out;
    for (const auto& h : hits)
        out.append(h.name);
    return out;
}
} // namespace

class TestSearchIndex : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void prefixesCaseAndDiacritics_data();
    void prefixesCaseAndDiacritics();
    void everyWordMustMatch();
    void nameOutranksBiographyAndTiesAreStable();
    void organisationNamesAreSearched();
    void emptyQueriesFindNothing();

private:
    SearchIndex m_index;
};

void TestSearchIndex::init()
{
    m_index.clear();
    m_index.add(person(u"João Conceição"_s, u"Trauma therapy in Portuguese"_s, {}, u"Leeds"_s));
    m_index.add(person(u"Łukasz Wiśniewski"_s, u"Polish-speaking psychologist"_s, {u"ptsd"_s}, u"London"_s));
    m_index.add(person(u"Иван Петров"_s, u"Психолог, Москва"_s));
    m_index.add(person(u"سلمى حداد"_s, u"طبيبة نفسية"_s));
    m_index.add(person(u"王小明"_s, u"心理咨询 北京"_s));
    m_index.add(
        person(u"Selam Tesfaye"_s, u"Eritrean community; works with Leeds services"_s, {u"asylum"_s}, u"Bradford"_s));
    m_index.finish();
}

void TestSearchIndex::prefixesCaseAndDiacritics_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("first");
    QTest::newRow("plain prefix") << u"joa"_s << u"João Conceição"_s;
    QTest::newRow("no diacritics typed") << u"conceicao"_s << u"João Conceição"_s;
    QTest::newRow("polish l") << u"lukasz"_s << u"Łukasz Wiśniewski"_s;
    QTest::newRow("upper case") << u"WISN"_s << u"Łukasz Wiśniewski"_s;
    QTest::newRow("cyrillic") << u"пет"_s << u"Иван Петров"_s;
    QTest::newRow("cyrillic biography") << u"моск"_s << u"Иван Петров"_s;
    QTest::newRow("arabic") << u"حد"_s << u"سلمى حداد"_s;
    QTest::newRow("cjk by prefix") << u"王"_s << u"王小明"_s;
    QTest::newRow("keyword") << u"pts"_s << u"Łukasz Wiśniewski"_s;
    QTest::newRow("profession label") << u"psycholog"_s << u"João Conceição"_s; // every one is a psychologist
}

void TestSearchIndex::prefixesCaseAndDiacritics()
{
    QFETCH(QString, query);
    QFETCH(QString, first);
    const auto hits = m_index.search(query);
    QVERIFY2(!hits.isEmpty(), qPrintable(query));
    QCOMPARE(names(hits).first(), first);
}

void TestSearchIndex::everyWordMustMatch()
{
    QCOMPARE(names(m_index.search(u"trauma leeds"_s)), QStringList{u"João Conceição"_s});
    QVERIFY(m_index.search(u"trauma bradford"_s).isEmpty());
    QCOMPARE(names(m_index.search(u"eritrean brad"_s)), QStringList{u"Selam Tesfaye"_s});
}

void TestSearchIndex::nameOutranksBiographyAndTiesAreStable()
{
    // "Leeds" is João's city (weight 2) and only in Selam's biography (weight 1).
    QCOMPARE(names(m_index.search(u"leeds"_s)), QStringList({u"João Conceição"_s, u"Selam Tesfaye"_s}));
    const auto all = m_index.search(u"psychologist"_s, 100);
    QCOMPARE(all.size(), 6);
    for (qsizetype i = 1; i < all.size(); ++i)
        QVERIFY(all.at(i - 1).score > all.at(i).score ||
                (all.at(i - 1).score == all.at(i).score && all.at(i - 1).name.compare(all.at(i).name) <= 0));
    QCOMPARE(m_index.search(u"psychologist"_s, 2).size(), 2);
}

void TestSearchIndex::organisationNamesAreSearched()
{
    SearchIndex index;
    index.add(person(u"Amina Yusuf"_s), u"Kestrel House Anti-Trafficking Partnership"_s);
    index.add(person(u"Brian Cole"_s), u"Harbourlight Legal"_s);
    index.finish();
    QCOMPARE(names(index.search(u"kestrel"_s)), QStringList{u"Amina Yusuf"_s});
    QCOMPARE(names(index.search(u"anti traff"_s)), QStringList{u"Amina Yusuf"_s});
}

void TestSearchIndex::emptyQueriesFindNothing()
{
    QVERIFY(m_index.search(QString()).isEmpty());
    QVERIFY(m_index.search(u" ,.; "_s).isEmpty());
    QVERIFY(m_index.search(u"zzzzqqq"_s).isEmpty());
    QVERIFY(m_index.search(u"joa"_s, 0).isEmpty());
    // Many searches in a row reuse the accumulator safely.
    for (int i = 0; i < 40'000; ++i)
        QCOMPARE(m_index.search(u"selam"_s).size(), 1);
}

QTEST_GUILESS_MAIN(TestSearchIndex)
#include "TestSearchIndex.moc"
