// ReferralChartsView: the dashboard's two charts, drawn from ReferralFigures with Qt Charts —
// referrals per month as bars stacked by status (each status its own colour and a legend entry,
// with the month's total above), and the median days from sent to accepted per kind as
// horizontal bars labelled with their value and the number of referrals behind it.
#pragma once

#include <QWidget>

class QChart;
class QChartView;

namespace htmse {

struct ReferralFigures;

class ReferralChartsView : public QWidget
{
    Q_OBJECT

public:
    explicit ReferralChartsView(QWidget* parent = nullptr);

    void setFigures(const ReferralFigures& figures);
    void clear();

    QChart* monthsChart() const;
    QChart* acceptanceChart() const;

private:
    QChartView* m_months;
    QChartView* m_acceptance;
};

} // namespace htmse
