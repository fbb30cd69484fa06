#include "views/dashboard/ReferralCharts.h"

#include "domain/Vocabulary.h"
#include "storage/ReferralStatistics.h"
#include "views/referrals/ReferralTexts.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalBarSeries>
#include <QLocale>
#include <QStackedBarSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
// One colour per status, the same in every chart and export; told apart by the legend too.
QColor statusColour(ReferralStatus status)
{
    switch (status) {
    case ReferralStatus::Created:
        return QColor(0x9e, 0x9e, 0x9e);
    case ReferralStatus::Sent:
        return QColor(0x42, 0x85, 0xf4);
    case ReferralStatus::Acknowledged:
        return QColor(0x7e, 0x57, 0xc2);
    case ReferralStatus::Accepted:
        return QColor(0x2e, 0x7d, 0x32);
    case ReferralStatus::Declined:
        return QColor(0xc6, 0x28, 0x28);
    case ReferralStatus::Revoked:
        return QColor(0x6d, 0x4c, 0x41);
    case ReferralStatus::Completed:
        return QColor(0x00, 0x69, 0x5c);
    case ReferralStatus::ConsentWithdrawn:
        return QColor(0xef, 0x6c, 0x00);
    case ReferralStatus::None:
    case ReferralStatus::Erased:
        break;
    }
    return QColor(0x61, 0x61, 0x61);
}

QChart* newChart(const QString& title)
{
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setTitle(title);
    return chart;
}

QChartView* makeView(const QString& objectName, const QString& accessibleName, QWidget* parent)
{
    auto* view = new QChartView(newChart(accessibleName), parent);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->viewport()->setAccessibleName(accessibleName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(view->fontMetrics().height() * 16);
    return view;
}

// Counts: whole numbers, a tick on each while there are few; days: round steps.
void setAxisRange(QValueAxis* axis, double max, bool whole)
{
    if (whole) {
        const int top = std::max(1, int(std::ceil(max)));
        axis->setRange(0, top);
        axis->setLabelFormat(u"%d"_s);
        if (top <= 10)
            axis->setTickCount(top + 1);
        else
            axis->applyNiceNumbers();
    } else {
        axis->setRange(0, std::max(1.0, max * 1.1));
        axis->applyNiceNumbers();
        axis->setLabelFormat(u"%.1f"_s);
    }
}
} // namespace

ReferralChartsView::ReferralChartsView(QWidget* parent)
    : QWidget(parent)
    , m_months(makeView(u"monthsChart"_s, tr("Referrals per month by status"), this))
    , m_acceptance(makeView(u"acceptanceChart"_s, tr("Median days from sent to accepted, by kind"), this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_months, 3);
    layout->addWidget(m_acceptance, 2);
    clear();
}

QChart* ReferralChartsView::monthsChart() const
{
    return m_months->chart();
}

QChart* ReferralChartsView::acceptanceChart() const
{
    return m_acceptance->chart();
}

void ReferralChartsView::clear()
{
    // New charts rather than emptied ones: axes taken out of a chart leave their drawing behind
    // until the scene is laid out again, and an export renders before that.
    for (QChartView* view : {m_months, m_acceptance}) {
        QChart* old = view->chart();
        view->setChart(newChart(view->accessibleName()));
        delete old;
    }
}

void ReferralChartsView::setFigures(const ReferralFigures& figures)
{
    clear();
    const QLocale locale;
    QStringList months;
    for (const QDate& m : figures.months)
        months.append(locale.toString(m, u"MMM yyyy"_s));

    auto* stacked = new QStackedBarSeries;
    QList<int> totals(figures.months.size(), 0);
    for (qsizetype s = 0; s < figures.statuses.size(); ++s) {
        auto* set = new QBarSet(ReferralTexts::status(figures.statuses.at(s)));
        set->setColor(statusColour(figures.statuses.at(s)));
        set->setBorderColor(set->color().darker(130));
        for (qsizetype m = 0; m < figures.months.size(); ++m) {
            set->append(figures.perMonth.at(s).at(m));
            totals[m] += figures.perMonth.at(s).at(m);
        }
        stacked->append(set);
    }
    QChart* chart = m_months->chart();
    chart->addSeries(stacked);
    auto* monthAxis = new QBarCategoryAxis;
    // The month's total under its name: the height of a stack in a number, not in a colour.
    QStringList labels;
    for (qsizetype m = 0; m < months.size(); ++m)
        labels.append(tr("%1 (%2)").arg(months.at(m)).arg(totals.at(m)));
    monthAxis->append(labels);
    chart->addAxis(monthAxis, Qt::AlignBottom);
    stacked->attachAxis(monthAxis);
    auto* countAxis = new QValueAxis;
    countAxis->setTitleText(tr("Referrals created"));
    setAxisRange(countAxis, totals.isEmpty() ? 0 : *std::max_element(totals.cbegin(), totals.cend()), true);
    chart->addAxis(countAxis, Qt::AlignLeft);
    stacked->attachAxis(countAxis);
    chart->legend()->setVisible(!figures.statuses.isEmpty());

    auto* bars = new QHorizontalBarSeries;
    auto* set = new QBarSet(tr("Median days"));
    set->setColor(QColor(0x42, 0x85, 0xf4));
    QStringList kinds;
    double longest = 0;
    for (const ReferralFigures::Acceptance& a : figures.acceptance) {
        set->append(a.medianDays);
        longest = std::max(longest, a.medianDays);
        kinds.append(
            tr("%1: %2 days (%n referral(s))", nullptr, a.count)
                .arg(vocabularyLabel(Vocabulary::ReferralKind, a.kind), locale.toString(a.medianDays, 'f', 1)));
    }
    bars->append(set);
    bars->setLabelsVisible(true);
    bars->setLabelsFormat(u"@value"_s);
    bars->setLabelsPrecision(3);
    QChart* acceptance = m_acceptance->chart();
    acceptance->addSeries(bars);
    auto* kindAxis = new QBarCategoryAxis;
    kindAxis->append(kinds);
    acceptance->addAxis(kindAxis, Qt::AlignLeft);
    bars->attachAxis(kindAxis);
    auto* daysAxis = new QValueAxis;
    daysAxis->setTitleText(tr("Days"));
    setAxisRange(daysAxis, longest, false);
    acceptance->addAxis(daysAxis, Qt::AlignBottom);
    bars->attachAxis(daysAxis);
    acceptance->legend()->setVisible(false);
    if (figures.acceptance.isEmpty())
        acceptance->setTitle(tr("Median days from sent to accepted: no referral was accepted in this period"));
}

} // namespace htmse
