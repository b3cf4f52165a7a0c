<?php
// Route table: "METHOD /path" => handler. index.php dispatches on parse_url(REQUEST_URI).

return [
    'GET /' => 'home',
    'GET /form' => 'form_show',
    'POST /form' => 'form_save',
    'GET /login' => 'login_show',
    'POST /login' => 'login',
    'GET /me' => 'me',
    'GET /logout' => 'logout',
    'GET /upload' => 'upload_show',
    'POST /upload' => 'upload',
    'GET /exit' => 'exit_midway',
];

function home(): void
{
    layout('Home', '<p>Welcome to the classic fixture.</p><p><a href="/form">form</a> <a href="/login">login</a></p>');
}

function form_show(string $error = ''): void
{
    $html = '';
    if (isset($_GET['saved'])) {
        $html .= '<p class="saved">Saved: ' . h((string)$_GET['saved']) . '</p>';
    }
    if ($error !== '') {
        $html .= '<p class="error">' . h($error) . '</p>';
    }
    $html .= '<form method="post" action="/form"><input name="name"><button>Save</button></form>';
    layout('Form', $html);
}

/** Redirect-after-post: a valid name redirects (303) to the GET page that shows it. */
function form_save(): void
{
    $name = trim((string)($_POST['name'] ?? ''));
    if ($name === '' || strlen($name) > 40) {
        http_response_code(422);
        form_show('Name is required (at most 40 characters)');
        return;
    }
    header('Location: /form?saved=' . rawurlencode($name), true, 303);
}

function login_show(): void
{
    layout('Login', '<form method="post" action="/login"><input name="user"><input name="password" type="password"><button>Log in</button></form>');
}

/** Any user name with the password "secret"; the session id changes on login. */
function login(): void
{
    $user = (string)($_POST['user'] ?? '');
    if (!preg_match('/^\w{1,20}$/', $user) || ($_POST['password'] ?? '') !== 'secret') {
        http_response_code(403);
        layout('Login', '<p class="error">Wrong user or password</p>');
        return;
    }
    session_start();
    session_regenerate_id(true);
    $_SESSION['user'] = $user;
    header('Location: /me'); // 302
}

function me(): void
{
    if (isset($_COOKIE[session_name()])) {
        session_start();
    }
    if (!isset($_SESSION['user'])) {
        http_response_code(401);
        layout('Me', '<p class="error">Not logged in</p>');
        return;
    }
    layout('Me', '<p>Logged in as <b>' . h($_SESSION['user']) . '</b></p>');
}

function logout(): void
{
    if (isset($_COOKIE[session_name()])) {
        session_start();
        $_SESSION = [];
        session_destroy();
        setcookie(session_name(), '', 1, '/'); // fixed date: the header is the same on every server
    }
    header('Location: /', true, 303);
}

function upload_show(): void
{
    layout('Upload', '<form method="post" action="/upload" enctype="multipart/form-data"><input type="file" name="doc"><button>Send</button></form>');
}

function upload(): void
{
    header('Content-Type: text/plain');
    $f = $_FILES['doc'] ?? null;
    if (!is_array($f) || $f['error'] !== UPLOAD_ERR_OK) {
        http_response_code(400);
        echo 'no file (error ', $f['error'] ?? 'missing', ")\n";
        return;
    }
    echo 'name: ', $f['name'], "\n";
    echo 'size: ', $f['size'], "\n";
    $sha1 = sha1_file($f['tmp_name']);
    echo 'sha1: ', $sha1, "\n";
    echo 'is_uploaded_file: ', is_uploaded_file($f['tmp_name']) ? 'yes' : 'no', "\n";
    $dest = tempnam(sys_get_temp_dir(), 'classic-upload-');
    $moved = move_uploaded_file($f['tmp_name'], $dest);
    echo 'moved: ', $moved && sha1_file($dest) === $sha1 ? 'yes' : 'no', "\n";
    @unlink($dest);
}

/** exit() mid-page: what was printed is sent, shutdown functions run, the rest does not. */
function exit_midway(): void
{
    register_shutdown_function(function () {
        echo "shutdown function ran\n";
    });
    header('Content-Type: text/plain');
    echo "before exit\n";
    exit();
    echo "after exit\n";
}

function not_found(string $path): void
{
    require __DIR__ . '/views/404.php';
}
