// ReferralNeedsPage: what the person needs, as the taxonomy's tree with check boxes (a parent and
// its children as the matching engine has them). Space ticks the current need.
#pragma once

#include <QStringList>
#include <QWizardPage>

class QLabel;
class QTreeWidget;

namespace htmse {

class ReferralNeedsPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ReferralNeedsPage(QWidget* parent = nullptr);

    bool isComplete() const override;
    QStringList needs() const; // ticked codes, in taxonomy order
    void setNeeds(const QStringList& codes);
    void clearAll();

private:
    QTreeWidget* m_tree;
    QLabel* m_message;
};

} // namespace htmse
