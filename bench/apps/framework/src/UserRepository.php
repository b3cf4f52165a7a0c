<?php
declare(strict_types=1);

namespace Bench;

// Users held in memory, as a cache or a preloaded table would give them.
final class UserRepository
{
    /** @var array<int, array{id: int, name: string, email: string, roles: list<string>}> */
    private array $users = [];

    public function __construct(int $count)
    {
        for ($i = 1; $i <= $count; $i++) {
            $this->users[$i] = ['id' => $i, 'name' => "User $i", 'email' => "user$i@example.test",
                                'roles' => $i % 3 === 0 ? ['admin', 'editor'] : ['reader']];
        }
    }

    /** @return list<array{id: int, name: string, email: string, roles: list<string>}> */
    public function page(int $offset, int $limit): array
    {
        return array_values(array_slice($this->users, $offset, $limit));
    }

    public function find(int $id): ?array
    {
        return $this->users[$id] ?? null;
    }
}
