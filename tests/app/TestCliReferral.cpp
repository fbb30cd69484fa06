#include "common/Files.h"
#include "common/RunProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using htmse::test::Run;

namespace {
const QByteArray kPass = "correct horse battery staple\n";
const QString kLawyer = u"6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"_s;
} // namespace

class TestCliReferral : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void lifecycle();
    void refusals_data();
    void refusals();
    void exportAndErase();

private:
    Run cli(const QStringList& args, const QByteArray& input = kPass);
    QString add(const QString& caseRef, const QStringList& extra = {});
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCliReferral::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QCOMPARE(
        cli({u"profile"_s, u"create"_s, u"amina"_s, u"--kdf-memory"_s, u"8"_s, u"--kdf-iterations"_s, u"1"_s}).exitCode,
        0);
}

Run TestCliReferral::cli(const QStringList& args, const QByteArray& input)
{
    return htmse::test::runProcess(qEnvironmentVariable("HTMSE_CLI"),
                                   QStringList{u"--profiles-dir"_s, m_dir->path()} + args, input);
}

QString TestCliReferral::add(const QString& caseRef, const QStringList& extra)
{
    const Run r =
        cli(QStringList{u"--json"_s, u"referral"_s, u"add"_s, u"amina"_s, u"--case"_s, caseRef, u"--kind"_s,
                        u"victim-support"_s, u"--to"_s, kLawyer, u"--need"_s, u"legal.immigration"_s, u"--need"_s,
                        u"mental-health.trauma"_s, u"--language"_s, u"tir"_s, u"--consent"_s, u"yes"_s} +
            extra);
    if (r.exitCode != 0)
        qWarning() << r.err;
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    return o.value(u"status"_s).toString() == "created"_L1 ? o.value(u"id"_s).toString() : QString();
}

void TestCliReferral::lifecycle()
{
    const QString id = add(u"HT-2026-0142"_s, {u"--note"_s, u"Prefers a female lawyer"_s});
    QVERIFY(!id.isEmpty());
    const Run sent = cli({u"--json"_s, u"referral"_s, u"event"_s, u"amina"_s, id, u"sent"_s});
    QCOMPARE(sent.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(sent.out).object().value(u"status"_s).toString(), u"sent"_s);
    QCOMPARE(cli({u"referral"_s, u"event"_s, u"amina"_s, id, u"follow-up-set"_s, u"--due"_s, u"2026-12-07"_s}).exitCode,
             0);
    QCOMPARE(cli({u"referral"_s, u"event"_s, u"amina"_s, id, u"accepted"_s}).exitCode, 0);
    const Run done = cli({u"--json"_s, u"referral"_s, u"event"_s, u"amina"_s, id, u"completed"_s});
    QCOMPARE(QJsonDocument::fromJson(done.out).object().value(u"status"_s).toString(), u"completed"_s);

    const Run list = cli({u"--json"_s, u"referral"_s, u"list"_s, u"amina"_s});
    QCOMPARE(list.exitCode, 0);
    const QJsonArray rows = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(rows.size(), 1);
    const QJsonObject row = rows.first().toObject();
    for (const char* key : {"id", "case", "kind", "status", "to", "updated"})
        QVERIFY2(row.contains(QLatin1StringView(key)), key);
    QCOMPARE(row.value(u"case"_s).toString(), u"HT-2026-0142"_s);
    QCOMPARE(row.value(u"to"_s).toString(), kLawyer);

    const Run show = cli({u"--json"_s, u"referral"_s, u"show"_s, u"amina"_s, id});
    QCOMPARE(show.exitCode, 0);
    const QJsonObject shown = QJsonDocument::fromJson(show.out).object();
    QCOMPARE(shown.value(u"id"_s).toString(), id);
    QStringList types;
    for (const QJsonValue& e : shown.value(u"events"_s).toArray())
        types.append(e[u"type"_s].toString());
    QCOMPARE(types, QStringList({u"created"_s, u"sent"_s, u"follow-up-set"_s, u"accepted"_s, u"completed"_s}));
}

void TestCliReferral::refusals_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("message");
    const QStringList base = {u"referral"_s, u"add"_s, u"amina"_s,  u"--kind"_s,           u"victim-support"_s,
                              u"--to"_s,     kLawyer,  u"--need"_s, u"legal.immigration"_s};
    QTest::newRow("no consent") << base + QStringList{u"--case"_s, u"HT-9"_s, u"--consent"_s, u"no"_s} << 4
                                << QByteArray("requires recorded consent");
    QTest::newRow("name as case") << base + QStringList{u"--case"_s, u"Maria Popescu"_s, u"--consent"_s, u"yes"_s} << 4
                                  << QByteArray("case_ref");
    QTest::newRow("unknown need")
        << QStringList{u"referral"_s, u"add"_s,       u"amina"_s,  u"--kind"_s,      u"victim-support"_s,
                       u"--to"_s,     kLawyer,        u"--need"_s, u"legal.magic"_s, u"--case"_s,
                       u"HT-9"_s,     u"--consent"_s, u"yes"_s}
        << 4 << QByteArray("needs[0]: \"legal.magic\"");
    QTest::newRow("missing option") << QStringList{u"referral"_s, u"add"_s, u"amina"_s, u"--case"_s, u"HT-9"_s} << 1
                                    << QByteArray("needs --kind");
    QTest::newRow("unknown referral") << QStringList{u"referral"_s, u"event"_s, u"amina"_s,
                                                     QUuid::createUuid().toString(), u"sent"_s}
                                      << 3 << QByteArray("no referral");
    QTest::newRow("unknown event type") << QStringList{u"referral"_s, u"event"_s, u"amina"_s,
                                                       QUuid::createUuid().toString(), u"no-such-event"_s}
                                        << 4 << QByteArray("unknown event type 'no-such-event'");
    QTest::newRow("wrong passphrase") << QStringList{u"referral"_s, u"list"_s, u"amina"_s, u"--json"_s} << -2
                                      << QByteArray("wrong passphrase");
}

void TestCliReferral::refusals()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, message);
    const Run r = exitCode == -2 ? cli(args, "not it\n") : cli(args);
    QCOMPARE(r.exitCode, exitCode == -2 ? 2 : exitCode);
    QVERIFY2(r.err.contains(message), r.err.constData());
    QVERIFY(r.out.isEmpty());
    const QString id = add(u"HT-10"_s);
    const Run illegal = cli({u"referral"_s, u"event"_s, u"amina"_s, id, u"completed"_s});
    QCOMPARE(illegal.exitCode, 4);
    QVERIFY(illegal.err.contains("cannot apply \"completed\" to a referral that is \"created\"; allowed: sent"));
}

void TestCliReferral::exportAndErase()
{
    add(u"HT-KEEP"_s);
    add(u"HT-GONE"_s);
    const Run duplicate =
        cli({u"referral"_s, u"add"_s, u"amina"_s, u"--case"_s, u"HT-GONE"_s, u"--kind"_s, u"victim-support"_s,
             u"--to"_s, kLawyer, u"--need"_s, u"legal.immigration"_s, u"--consent"_s, u"yes"_s});
    QCOMPARE(duplicate.exitCode, 0);
    QVERIFY(duplicate.err.contains("already has an open referral"));

    const QString full = m_dir->filePath(u"full.csv"_s);
    const QString minimised = m_dir->filePath(u"min.csv"_s);
    QCOMPARE(cli({u"export"_s, u"amina"_s, u"--referrals"_s, full}).exitCode, 0);
    QCOMPARE(cli({u"export"_s, u"amina"_s, u"--referrals"_s, minimised, u"--minimised"_s}).exitCode, 0);
    QVERIFY(htmse::test::readAll(full).contains("HT-GONE"));
    QVERIFY(!htmse::test::readAll(minimised).contains("HT-"));
    QCOMPARE(htmse::test::readAll(minimised).count('\n'), 4);

    const Run erased = cli({u"--json"_s, u"erase-case"_s, u"amina"_s, u"--case"_s, u"HT-GONE"_s});
    QCOMPARE(erased.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(erased.out).object().value(u"erased_referrals"_s).toInt(), 2);
    QCOMPARE(cli({u"erase-case"_s, u"amina"_s, u"--case"_s, u"HT-GONE"_s}).exitCode, 3);
    const QByteArray list = cli({u"--json"_s, u"referral"_s, u"list"_s, u"amina"_s}).out;
    QVERIFY(!list.contains("HT-GONE"));
    QVERIFY(list.contains("HT-KEEP"));

    const QByteArray audit = cli({u"--json"_s, u"profile"_s, u"audit"_s, u"amina"_s}).out;
    QVERIFY(audit.contains("referral log as CSV, minimised: 3 referrals"));
    QVERIFY(audit.contains("referrals erased: 2"));
    QVERIFY(!audit.contains("HT-GONE")); // counts, never cases
}

QTEST_GUILESS_MAIN(TestCliReferral)
#include "TestCliReferral.moc"
