// ReferralLogView: the caseworker's referral log — the list with status chips and overdue
// follow-ups, filters, the selected referral with its whole history and the events the server
// refused, only the actions the transition table allows in its state, a follow-up date, the
// letter printed or saved as PDF, the case erased, and the log exported as CSV. Every print,
// export and erasure is audited; without the audit entry nothing leaves the profile.
#pragma once

#include "domain/Referral.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QAbstractItemModel;
class QCheckBox;
class QComboBox;
class QDateEdit;
class QDialog;
class QLabel;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace htmse {

class ProfileWorkspace;
class ReferralLogModel;
class ReferralLogTextModel;

class ReferralLogView : public QWidget
{
    Q_OBJECT

public:
    explicit ReferralLogView(QWidget* parent = nullptr);
    ~ReferralLogView() override;

    // Shows `workspace`'s log; null (on lock) empties everything, closes any open dialog and
    // shows nothing until a workspace is set again. The workspace closing does the same.
    void setWorkspace(ProfileWorkspace* workspace);
    ReferralLogModel* model() const { return m_model; }
    QAbstractItemModel* tableModel() const; // what the table shows: the log with each cell in words
    QUuid currentReferral() const { return m_current; }

signals:
    void newReferralRequested();

private:
    QWidget* buildFilters();
    QWidget* buildDetail();
    QWidget* buildActions();
    void applyFilter();
    void selectionChanged();
    void showReferral(const QUuid& id);
    void reselect();
    void updateActions(const std::optional<Referral>& referral);
    void startEvent(ReferralEventType type);
    void recordEvent(const QUuid& id, ReferralEventType type, const QJsonObject& payload);
    void setFollowUp();
    void printLetter();
    void saveLetter();
    void writeLetter(const QString& path);
    QString letterHtml(const Referral& referral) const;
    QString recipientName(const ReferralDetails& details) const;
    QString recipientLabel(const QString& recipient) const; // a directory id or an external recipient
    void confirmErase();
    void erase(const QString& caseRef);
    void exportCsv();
    void writeCsv(const QString& path, bool minimised);
    void say(const QString& text, bool problem = false);
    void openDialog(QDialog* dialog); // one at a time; closed on lock

    QPointer<ProfileWorkspace> m_workspace;
    ReferralLogModel* m_model;
    ReferralLogTextModel* m_text; // the table's model: the log's cells in words
    QUuid m_current;
    std::optional<Referral> m_referral;             // the fold of the selected referral
    mutable QHash<QUuid, QString> m_recipientNames; // directory names by id, emptied on lock
    bool m_holding = false;                         // the model is following a change: keep m_current

    QPushButton* m_new;
    QPushButton* m_export;
    QCheckBox* m_minimised;
    QComboBox* m_status;
    QComboBox* m_kind;
    QCheckBox* m_overdue;
    QCheckBox* m_fromOn;
    QDateEdit* m_from;
    QCheckBox* m_toOn;
    QDateEdit* m_to;
    QTableView* m_table;
    QTextBrowser* m_detail;
    QHash<ReferralEventType, QPushButton*> m_actions;
    QDateEdit* m_followUp;
    QPushButton* m_setFollowUp;
    QPushButton* m_print;
    QPushButton* m_saveLetter;
    QPushButton* m_erase;
    QLabel* m_message;
    QPointer<QDialog> m_dialog;
};

} // namespace htmse
