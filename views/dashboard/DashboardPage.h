// DashboardPage: the Dashboard place — an organisation's figures from this device's referral log
// for a chosen period: referrals per month by status, median days from sent to accepted per kind,
// overdue follow-ups, uploads the server refused. Charts (Qt Charts) with the same figures as a
// table beside them (for screen readers, and for whoever reads numbers rather than bars), and an
// export as PNG or PDF that is audited like every export. Counts only: nothing of a case is shown.
// Emptied when the profile locks.
#pragma once

#include "storage/ReferralStatistics.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QDateEdit;
class QDialog;
class QLabel;
class QPushButton;
class QTableWidget;
class QTabWidget;
class QTimer;

namespace htmse {

class ProfileWorkspace;
class ReferralChartsView;

class DashboardPage : public QWidget
{
    Q_OBJECT

public:
    enum class Format
    {
        Png,
        Pdf
    };

    explicit DashboardPage(QWidget* parent = nullptr);

    // Null at lock: every figure is emptied.
    void setWorkspace(ProfileWorkspace* workspace);
    // The period, whole months (any day of each). The presets set it too.
    void setPeriod(QDate fromMonth, QDate toMonth);
    const ReferralFigures& figures() const { return m_figures; }

    // The report (title, period, figures and charts) rendered as a PNG image or a PDF document.
    QByteArray render(Format format) const;
    // Renders, audits and writes to `path` (the format from its suffix: .png, otherwise PDF);
    // says on the page what happened. False when nothing was written.
    bool exportTo(const QString& path);

signals:
    void refreshed(); // the figures were computed again

protected:
    void showEvent(QShowEvent* event) override;

private:
    void choosePreset(int index);
    void refresh();
    void scheduleRefresh();
    void fillSummary();
    void fillTables();
    void clear();
    void chooseExportFile();
    void say(const QString& text, bool problem = false);
    QString periodText() const;

    QPointer<ProfileWorkspace> m_workspace;
    ReferralFigures m_figures;
    QComboBox* m_preset;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QPushButton* m_export;
    QWidget* m_report; // what an export shows: the heading, the summary and the charts
    QLabel* m_heading;
    QLabel* m_summary;
    ReferralChartsView* m_charts;
    QTabWidget* m_tabs;
    QTableWidget* m_monthTable;
    QTableWidget* m_acceptanceTable;
    QLabel* m_message;
    QTimer* m_refreshTimer;
    bool m_stale = false; // the log changed while the page was hidden
    QPointer<QDialog> m_dialog;
};

} // namespace htmse
