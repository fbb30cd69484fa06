// MainWindow: the application shell: the directory list and a profile pane, the server status,
// and the menus. Data comes in through models; this class runs no SQL and no HTTP itself.
#pragma once

#include <QMainWindow>
#include <QUrl>

class QLabel;
class QTableView;
class QNetworkAccessManager;

namespace htmse {

class ProfessionalListModel;
class ProfessionalDetailsView;
class ServerHealthProbe;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a directory file (the demo directory) straight into the list. Returns false and
    // shows why when the file cannot be used; records with problems are skipped and counted.
    bool openDirectoryFile(const QString& path);
    // Checks the server now and every minute; the status bar says whether it answers.
    void setServer(const QUrl& server);

    ProfessionalListModel* directoryModel() const { return m_model; }
    QTableView* directoryView() const { return m_view; }
    QString serverStatusText() const;
    QString directoryStatusText() const;

private:
    void buildMenus();
    void showSelected();
    void chooseDirectoryFile();

    ProfessionalListModel* m_model;
    QTableView* m_view;
    ProfessionalDetailsView* m_details;
    QLabel* m_directoryStatus;
    QLabel* m_serverStatus;
    QNetworkAccessManager* m_network;
    ServerHealthProbe* m_probe;
    QUrl m_server;
};

} // namespace htmse
