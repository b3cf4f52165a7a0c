<?php
declare(strict_types=1);

namespace Bench;

final class UserController
{
    public function __construct(private UserRepository $users)
    {
    }

    /** @param array<string, string> $query */
    public function list(array $query): array
    {
        $limit = max(1, min(50, (int)($query['limit'] ?? 10)));
        return [200, ['users' => $this->users->page(0, $limit), 'limit' => $limit]];
    }

    public function show(string $id): array
    {
        $user = $this->users->find((int)$id);
        return $user === null ? [404, ['error' => 'no such user']] : [200, ['user' => $user]];
    }
}
