#include "views/ProfessionalDetailsView.h"

#include <QApplication>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

class TestProfessionalDetailsView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void openingHoursAndAccess();
    void confidentialAddressIsNeverShown();
};

void TestProfessionalDetailsView::openingHoursAndAccess()
{
    Professional p;
    p.displayName = u"Shelter"_s;
    p.openingHours = {{{1, 2, 3, 4, 5}, 9 * 60, 17 * 60 + 30, {}},
                      {{6, 7}, 10 * 60, 24 * 60, u"drop-in"_s},
                      {{2, 4}, 18 * 60, 2 * 60, {}}};
    p.openingHoursNote = u"Helpline <24h>"_s;
    p.timeZone = u"Europe/London"_s;
    p.accessibility = {u"step-free-access"_s, u"hearing-loop"_s};
    p.accessibilityNote = u"Lift & ramp"_s;
    const QString hours = ProfessionalDetailsView::openingHoursHtml(p);
    QCOMPARE(hours, u"Monday–Friday 09:00–17:30<br>Saturday, Sunday 10:00–midnight (drop-in)<br>"
                    "Tuesday, Thursday 18:00–02:00<br>Helpline &lt;24h&gt;<br><i>local time (Europe/London)</i>"_s);
    const QString html = ProfessionalDetailsView::toHtml(p);
    QVERIFY(html.contains(u"Opening hours"_s));
    QVERIFY(html.contains(u"Step-free access<br>Hearing loop<br>Lift &amp; ramp"_s));
    // A locale whose short time format carries seconds shows none.
    QLocale::setDefault(QLocale::c());
    QVERIFY(ProfessionalDetailsView::openingHoursHtml(p).startsWith(u"Monday–Friday 09:00–17:30<br>"_s));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
    // Nothing stated: no rows at all.
    Professional bare;
    bare.displayName = u"Bare"_s;
    QVERIFY(ProfessionalDetailsView::openingHoursHtml(bare).isEmpty());
    QVERIFY(!ProfessionalDetailsView::toHtml(bare).contains(u"Opening hours"_s));
    QVERIFY(!ProfessionalDetailsView::toHtml(bare).contains(u"Access<"_s));
}

void TestProfessionalDetailsView::confidentialAddressIsNeverShown()
{
    Professional p;
    p.displayName = u"Safe house"_s;
    ServiceLocation l;
    l.city = u"Leeds"_s;
    l.country = u"GB"_s;
    l.address = u"12 Secret Street"_s;
    l.postcode = u"LS1 1AA"_s;
    l.confidential = true;
    p.locations = {l};
    ProfessionalDetailsView view;
    view.showProfessional(p);
    QVERIFY(!view.toPlainText().contains(u"Secret"_s));
    QVERIFY(!view.toPlainText().contains(u"LS1"_s));
    QVERIFY(view.toPlainText().contains(u"confidential address; make contact first"_s));
}

QTEST_MAIN(TestProfessionalDetailsView)
#include "TestProfessionalDetailsView.moc"
